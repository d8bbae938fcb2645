package io.tenantfleet.sync;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a region says of one tenant for the sync (fleet.tenant_metadata): counts per cell, the
 * schema version, the day of its latest change and its schema's size. Never leaves the
 * orchestrator as is: the tenant id becomes a pseudonym and small counts are suppressed first.
 *
 * @param counts per count key of {@link Payloads#COUNT_KEYS}, every one present
 */
record TenantFigures(UUID tenantId, Map<String, Long> counts, Optional<String> schemaVersion,
        Optional<LocalDate> lastActivity, long storageBytes) {

    TenantFigures {
        counts = Map.copyOf(counts);
    }
}
