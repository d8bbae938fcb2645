package io.tenantfleet.rollout;

import java.util.Optional;
import java.util.UUID;

/**
 * One tenant's line in a rollout's ledger: its wave and lane (its partition), the version and
 * history rank it starts from, its state, last error and duration.
 */
public record RolloutTenant(long runId, UUID tenantId, String slug, String region, int wave, int lane, String fromVersion,
        Integer fromRank, String toVersion, RolloutState state, Optional<String> lastError, Optional<Integer> durationMs,
        int attempts) {

    PlannedTenant planned() {
        return new PlannedTenant(tenantId, slug, region, TemplateVersion.parse(fromVersion), fromRank, wave);
    }
}
