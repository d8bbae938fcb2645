package io.tenantfleet.provisioning;

import io.tenantfleet.fleet.FleetRun;
import io.tenantfleet.fleet.RunStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A bulk onboarding run as the control plane records it.
 *
 * @param source  where its rows came from (a file path, or the API's name for its request)
 * @param regions the regions it provisions in, one partition each
 */
public record BulkRun(long id, RunStatus status, String source, List<String> regions, Optional<String> reason,
        String owner, OffsetDateTime createdAt) implements FleetRun {

    public BulkRun {
        regions = List.copyOf(regions);
    }
}
