package io.tenantfleet.catalog;

import java.util.Locale;
import java.util.Optional;

/** How careful the orchestrator must be with a region's server. */
public enum Tier {
    LOCAL, DEV, PROD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Tier> parse(String text) {
        for (Tier tier : values()) {
            if (tier.label().equals(text)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
