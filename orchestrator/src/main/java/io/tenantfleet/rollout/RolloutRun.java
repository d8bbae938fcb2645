package io.tenantfleet.rollout;

import io.tenantfleet.fleet.FleetRun;
import io.tenantfleet.fleet.RunStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A rollout run as the control plane records it. */
public record RolloutRun(long id, String targetVersion, RunStatus status, List<String> regions, String waveSize,
        String maxFailures, int parallelPerRegion, int batchSize, int waves, Optional<String> haltReason, String owner,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) implements FleetRun {

    public RolloutRun {
        regions = List.copyOf(regions);
    }

    public boolean isFinished() {
        return status.isFinished();
    }
}
