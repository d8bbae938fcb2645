package io.tenantfleet.retention;

import io.tenantfleet.catalog.DataCategory;
import java.util.Optional;

/**
 * A tenant's {@code retention_policy} row as its schema holds it. Provisioning writes the rules'
 * figures; {@code retention set} writes an override, whose {@code set_by} starts with
 * {@link #OVERRIDE}.
 */
public record StoredRetention(DataCategory category, int days, Optional<String> setBy) {

    /** How {@code set_by} begins on a row written by {@code retention set}. */
    public static final String OVERRIDE = "override: ";

    /** Whether an operator chose these days ({@code retention set}), rather than the rules at provisioning. */
    public boolean isOverride() {
        return setBy.filter(text -> text.startsWith(OVERRIDE)).isPresent();
    }
}
