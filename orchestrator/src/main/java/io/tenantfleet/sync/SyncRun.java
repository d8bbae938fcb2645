package io.tenantfleet.sync;

import io.tenantfleet.fleet.FleetRun;
import io.tenantfleet.fleet.RunStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A sync run as the control plane records it.
 *
 * @param regions        the source regions whose metadata the run sends
 * @param keyFingerprint identifies the pseudonym key the run used (never the key)
 */
public record SyncRun(long id, RunStatus status, List<String> regions, int kThreshold, String keyFingerprint,
        Optional<String> reason, String owner, OffsetDateTime createdAt) implements FleetRun {

    public SyncRun {
        regions = List.copyOf(regions);
    }
}
