package io.tenantfleet.sync;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.catalog.TransferDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * Which transfers a sync makes: every source region to every region of the catalog (itself
 * included, so that each region's table holds the whole fleet's view), each allowed or forbidden by
 * the source's jurisdiction rules (the catalog's {@code aggregates_may_leave_region} and
 * {@code aggregates_destinations}; the strictest of the source's jurisdictions wins).
 */
final class SyncPlan {

    /** One transfer and the rule that decides it. */
    record Transfer(String source, String destination, boolean allowed, String rule) {}

    private SyncPlan() {
    }

    /** The source regions: those named (each checked to exist), or every region of the catalog. */
    static List<String> sources(RegionCatalog catalog, List<String> named) {
        return catalog.select(named, "--regions").stream().map(Region::id).toList();
    }

    static List<Transfer> transfers(RegionCatalog catalog, List<String> sources) {
        List<Transfer> transfers = new ArrayList<>();
        for (String source : sources) {
            Region from = catalog.region(source);
            for (Region to : catalog.regions()) {
                TransferDecision decision = catalog.metadataTransfer(from, to);
                transfers.add(new Transfer(source, to.id(), decision.allowed(), decision.reason()));
            }
        }
        return transfers;
    }
}
