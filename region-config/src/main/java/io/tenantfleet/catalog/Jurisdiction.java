package io.tenantfleet.catalog;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A body of law or a compliance framework and the retention rules it imposes per data category,
 * as catalog data.
 *
 * @param limits                per data category what the rule sets; categories it says nothing about are absent
 * @param aggregatesMayLeave    whether anonymized aggregates may be sent to other regions
 * @param aggregateDestinations the jurisdictions a destination region must have one of for aggregates
 *                              to go there, in catalog order; empty when any jurisdiction may receive them
 */
public record Jurisdiction(String name, String description, Map<DataCategory, RetentionLimits> limits,
        boolean aggregatesMayLeave, Optional<Set<String>> aggregateDestinations) {

    public Jurisdiction {
        EnumMap<DataCategory, RetentionLimits> copy = new EnumMap<>(DataCategory.class);
        copy.putAll(limits);
        limits = Collections.unmodifiableMap(copy);
        aggregateDestinations = aggregateDestinations.map(names -> Collections.unmodifiableSet(new LinkedHashSet<>(names)));
    }

    /**
     * The names among {@code destinationJurisdictions} this rule lets aggregates go to, in the given
     * order; all of them when the rule has no allowlist.
     */
    List<String> acceptedDestinations(Collection<String> destinationJurisdictions) {
        return destinationJurisdictions.stream()
                .filter(other -> aggregateDestinations.map(list -> list.contains(other)).orElse(true)).toList();
    }

    /** What this rule sets for {@code category}; {@link RetentionLimits#NONE} when it says nothing. */
    public RetentionLimits limits(DataCategory category) {
        return limits.getOrDefault(category, RetentionLimits.NONE);
    }

    /** Retention applied to personal data when a region sets none. */
    public OptionalInt personalDataDefaultDays() {
        return limits(DataCategory.PERSONAL_DATA).defaultDays();
    }

    /** The longest personal data may be kept; empty when the rule sets no cap. */
    public OptionalInt personalDataMaxDays() {
        return limits(DataCategory.PERSONAL_DATA).maxDays();
    }

    /** Audit records are never purged before this many days (0 when the rule sets no minimum). */
    public int auditMinDays() {
        return limits(DataCategory.AUDIT_RECORDS).minDays().orElse(0);
    }

    /** The longest audit records may be kept; empty when the rule sets no cap. */
    public OptionalInt auditMaxDays() {
        return limits(DataCategory.AUDIT_RECORDS).maxDays();
    }
}
