package io.tenantfleet.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides where a region's anonymized aggregates may go: the strictest rule of the source region's
 * jurisdictions wins. Each of them must let aggregates leave and, when it has an allowlist, name at
 * least one of the destination region's jurisdictions.
 */
final class TransferRules {

    private final Map<String, Jurisdiction> jurisdictions;

    TransferRules(Map<String, Jurisdiction> jurisdictions) {
        this.jurisdictions = jurisdictions;
    }

    TransferDecision decide(Region source, Region destination) {
        if (source.id().equals(destination.id())) {
            return new TransferDecision(true, "stays in its region");
        }
        String to = String.join(", ", destination.jurisdictions()) + " (" + destination.id() + ")";
        List<String> grounds = new ArrayList<>();
        for (String name : source.jurisdictions()) {
            Jurisdiction rule = rule(name, source);
            String from = name + " (" + source.id() + ")";
            if (!rule.aggregatesMayLeave()) {
                return forbidden(from + " keeps aggregates in the region (aggregates_may_leave_region: false)");
            }
            if (rule.aggregateDestinations().isEmpty()) {
                grounds.add(name + " (any destination)");
                continue;
            }
            if (rule.aggregateDestinations().get().isEmpty()) {
                return forbidden(from + " lists no destinations for its aggregates (aggregates_destinations: [])");
            }
            List<String> accepted = rule.acceptedDestinations(destination.jurisdictions());
            if (accepted.isEmpty()) {
                return forbidden(from + " does not list " + to
                        + " among the destinations of its aggregates (aggregates_destinations)");
            }
            grounds.add(name + " (" + String.join(", ", accepted) + " listed)");
        }
        return new TransferDecision(true, "allowed by " + String.join(", ", grounds));
    }

    private Jurisdiction rule(String name, Region source) {
        Jurisdiction rule = jurisdictions.get(name);
        if (rule == null) {
            throw new IllegalArgumentException("region " + source.id() + " names jurisdiction " + name
                    + ", which is not in this catalog; pass a region of this catalog");
        }
        return rule;
    }

    private static TransferDecision forbidden(String reason) {
        return new TransferDecision(false, reason);
    }
}
