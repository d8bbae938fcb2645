package io.tenantfleet.retention;

import io.tenantfleet.fleet.FleetRun;
import io.tenantfleet.fleet.RunStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A retention run as the control plane records it.
 *
 * @param graceDays the {@code --grace-days} given for every region; empty: each tenant's home region's from the catalog
 */
public record RetentionRun(long id, RunStatus status, List<String> regions, int batchSize, Optional<Integer> graceDays,
        int parallelPerRegion, Optional<String> reason, String owner, OffsetDateTime createdAt) implements FleetRun {

    public RetentionRun {
        regions = List.copyOf(regions);
    }
}
