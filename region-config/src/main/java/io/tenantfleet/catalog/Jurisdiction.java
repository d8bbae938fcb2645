package io.tenantfleet.catalog;

import java.util.OptionalInt;

/**
 * A body of law or a compliance framework and the retention rules it imposes, as catalog data.
 *
 * @param personalDataDefaultDays retention applied to personal data when a region sets none
 * @param personalDataMaxDays     the longest personal data may be kept; empty when the rule sets no cap
 * @param auditMinDays            audit records are never purged before this many days
 * @param aggregatesMayLeave      whether anonymized aggregates may be sent to other regions
 */
public record Jurisdiction(String name, String description, OptionalInt personalDataDefaultDays,
        OptionalInt personalDataMaxDays, int auditMinDays, boolean aggregatesMayLeave) {
}
