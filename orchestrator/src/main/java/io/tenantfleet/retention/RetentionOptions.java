package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.Workers;
import java.util.List;
import java.util.Optional;

/**
 * What {@code retention run} purges and how.
 *
 * @param regions           regions to purge (empty: all)
 * @param orgs              organizations to purge (empty: all ACTIVE tenants of those regions)
 * @param batchSize         the most rows one transaction removes (it adapts below that to keep locks short)
 * @param graceDays         rows soft-deleted longer than this are hard-deleted, in every region; empty: each
 *                          tenant's home region's {@code soft_delete_grace_days} from the catalog
 * @param parallelPerRegion tenants purged at once per region
 */
public record RetentionOptions(List<String> regions, List<String> orgs, int batchSize, Optional<Integer> graceDays,
        int parallelPerRegion, Workers workers) {

    public static final int DEFAULT_BATCH = 1000;

    public RetentionOptions {
        regions = List.copyOf(regions);
        orgs = List.copyOf(orgs);
        if (batchSize < 1 || batchSize > 100_000) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --batch-size " + batchSize
                    + "; use 1 to 100000 rows per transaction (default " + DEFAULT_BATCH + ")");
        }
        if (graceDays.isPresent() && (graceDays.get() < 0 || graceDays.get() > 3650)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --grace-days " + graceDays.get()
                    + "; use 0 to 3650, or leave it out for each region's soft_delete_grace_days from the catalog");
        }
        if (parallelPerRegion < 1 || parallelPerRegion > 32) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --parallel-per-region " + parallelPerRegion
                    + "; use 1 to 32");
        }
    }
}
