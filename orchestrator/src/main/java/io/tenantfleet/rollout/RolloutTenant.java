package io.tenantfleet.rollout;

import java.util.Optional;
import java.util.UUID;

/** One tenant's line in a rollout's ledger: pending, migrating, done, failed or skipped. */
public record RolloutTenant(long runId, UUID tenantId, String slug, String region, int wave, String fromVersion,
        Integer fromRank, String toVersion, String state, Optional<String> lastError, Optional<Integer> durationMs,
        int attempts) {

    PlannedTenant planned() {
        return new PlannedTenant(tenantId, slug, region, TemplateVersion.parse(fromVersion), fromRank, wave);
    }
}
