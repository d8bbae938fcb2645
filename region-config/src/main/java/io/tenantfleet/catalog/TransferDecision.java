package io.tenantfleet.catalog;

import java.util.Objects;

/**
 * Whether anonymized metadata of one region may be sent to another, and why, as decided by
 * {@link RegionCatalog#metadataTransfer}.
 *
 * @param allowed whether the transfer may happen
 * @param reason  one line naming the rule that decided it, e.g.
 *                {@code PIPA (korea-central) keeps aggregates in the region (aggregates_may_leave_region: false)}
 */
public record TransferDecision(boolean allowed, String reason) {

    public TransferDecision {
        Objects.requireNonNull(reason, "reason");
    }
}
