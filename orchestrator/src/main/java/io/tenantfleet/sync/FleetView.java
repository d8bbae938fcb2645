package io.tenantfleet.sync;

import java.time.Instant;
import java.util.List;

/**
 * The fleet-wide view as one region knows it: only what its {@code fleet.cross_region_metadata}
 * received from the sync, never the control plane or another region. Built by {@link FleetViewReader}.
 *
 * @param region the region the view was read from
 * @param readAt that region's clock when it was read (ages are measured from it)
 * @param receiving false when the region's SQL is not at V9 (the guarded table) yet: it cannot have received anything
 * @param sources one entry per source region with rows here, in order of region id
 * @param noData the catalog's regions with no row here, in catalog order: never synced, or not allowed to send here
 */
public record FleetView(String region, Instant readAt, boolean receiving, List<FleetViewSource> sources, List<String> noData) {

    public FleetView {
        sources = List.copyOf(sources);
        noData = List.copyOf(noData);
    }
}
