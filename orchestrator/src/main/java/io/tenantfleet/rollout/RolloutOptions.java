package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.Workers;
import java.util.List;
import java.util.Optional;

/**
 * How a rollout runs, validated before anything changes.
 *
 * @param target            template version to reach; empty means the latest
 * @param canaryCount       tenants in the canary wave, taken round-robin over regions (ignored when canaryTenants is set)
 * @param canaryTenants     explicit canary tenants by slug
 * @param waveSize          tenants per region per wave, as a count or a share of the region's pending tenants
 * @param maxFailures       failures a wave may have before the rollout halts (count or share of the wave)
 * @param parallelPerRegion concurrent tenant migrations per region (each region's bulkhead)
 * @param regions           regions to roll out to; empty means every region of the catalog
 * @param confirm           the token that the plan prints for prod regions
 * @param batchSize         tenants migrated per round trip and commit, each in a subtransaction of its own
 * @param workers           where the partitions run: threads of this process, or worker processes
 */
public record RolloutOptions(Optional<String> target, int canaryCount, List<String> canaryTenants, Amount waveSize,
        Amount maxFailures, int parallelPerRegion, List<String> regions, Optional<String> confirm, int batchSize,
        Workers workers) {

    public static final int MAX_PARALLEL = 32;
    public static final int MAX_BATCH = 64;
    public static final int DEFAULT_BATCH = 16;

    /** Options with partitions on threads of this process. */
    public RolloutOptions(Optional<String> target, int canaryCount, List<String> canaryTenants, Amount waveSize,
            Amount maxFailures, int parallelPerRegion, List<String> regions, Optional<String> confirm, int batchSize) {
        this(target, canaryCount, canaryTenants, waveSize, maxFailures, parallelPerRegion, regions, confirm, batchSize,
                Workers.LOCAL);
    }

    /** Options with the default batch size. */
    public RolloutOptions(Optional<String> target, int canaryCount, List<String> canaryTenants, Amount waveSize,
            Amount maxFailures, int parallelPerRegion, List<String> regions, Optional<String> confirm) {
        this(target, canaryCount, canaryTenants, waveSize, maxFailures, parallelPerRegion, regions, confirm, DEFAULT_BATCH);
    }

    public RolloutOptions {
        canaryTenants = List.copyOf(canaryTenants);
        regions = List.copyOf(regions);
        if (canaryCount < 0 || canaryCount > 1000) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --canary " + canaryCount
                    + "; give 0 to 1000 tenants");
        }
        if (parallelPerRegion < 1 || parallelPerRegion > MAX_PARALLEL) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --parallel-per-region " + parallelPerRegion
                    + "; give 1 to " + MAX_PARALLEL);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --batch-size " + batchSize
                    + "; give 1 to " + MAX_BATCH);
        }
        if (waveSize.value() == 0) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --wave-size 0; give at least 1 or 1%");
        }
    }

    /** The defaults: latest version, one canary, waves of 25% per region, no failure tolerated, 2 per region. */
    public static RolloutOptions defaults() {
        return new RolloutOptions(Optional.empty(), 1, List.of(), new Amount(25, true), new Amount(0, false), 2, List.of(),
                Optional.empty());
    }
}
