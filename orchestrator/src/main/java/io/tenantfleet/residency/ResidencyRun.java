package io.tenantfleet.residency;

import io.tenantfleet.fleet.FleetRun;
import io.tenantfleet.fleet.RunStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A residency report run as the control plane records it; its report is recorded when it is made. */
public record ResidencyRun(long id, String reportId, RunStatus status, List<String> regions, Optional<String> digest,
        String owner, OffsetDateTime createdAt) implements FleetRun {

    public ResidencyRun {
        regions = List.copyOf(regions);
    }
}
