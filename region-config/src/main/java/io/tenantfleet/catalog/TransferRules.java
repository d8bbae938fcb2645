package io.tenantfleet.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides where a region's anonymized aggregates may go: the strictest rule wins on both sides. Each
 * of the source region's jurisdictions must let aggregates leave and, when it has an allowlist, name
 * every one of the destination region's jurisdictions (a destination governed by a law the list
 * leaves out is not made acceptable by another of its jurisdictions, nor by a framework it follows).
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
            if (accepted.size() < destination.jurisdictions().size()) {
                List<String> unlisted = destination.jurisdictions().stream().filter(j -> !accepted.contains(j)).toList();
                return forbidden(from + " does not list " + (accepted.isEmpty() ? to : String.join(", ", unlisted)
                        + " of " + to) + " among the destinations of its aggregates (aggregates_destinations)");
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
