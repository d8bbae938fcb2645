package io.tenantfleet.catalog;

import java.util.List;

/**
 * One regional PostgreSQL server and the law that governs it.
 *
 * @param retentionDays      effective retention of personal data, within every jurisdiction's cap
 * @param auditRetentionDays effective retention of audit records, at least every jurisdiction's minimum
 * @param softDeleteGraceDays rows of its tenants soft-deleted longer than this are hard-deleted by {@code retention run}
 */
public record Region(String id, String displayName, List<String> jurisdictions, Tier tier, int retentionDays,
        int auditRetentionDays, int softDeleteGraceDays, DatabaseSpec database) {

    public Region {
        jurisdictions = List.copyOf(jurisdictions);
    }
}
