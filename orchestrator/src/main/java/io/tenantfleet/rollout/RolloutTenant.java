package io.tenantfleet.rollout;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One tenant's line in a rollout's ledger: its wave and lane (its partition), the version and
 * history rank it starts from, its state, last error and duration.
 */
public record RolloutTenant(long runId, UUID tenantId, String slug, String region, int wave, int lane, String fromVersion,
        Integer fromRank, String toVersion, RolloutState state, Optional<String> lastError, Optional<Integer> durationMs,
        int attempts) {

    /** Per region (in name order) how many of {@code tenants} are in each state. */
    public static Map<String, Map<RolloutState, Integer>> countsByRegion(List<RolloutTenant> tenants) {
        Map<String, Map<RolloutState, Integer>> byRegion = new TreeMap<>();
        tenants.forEach(t -> byRegion.computeIfAbsent(t.region(), r -> new EnumMap<>(RolloutState.class))
                .merge(t.state(), 1, Integer::sum));
        return byRegion;
    }

    PlannedTenant planned() {
        return new PlannedTenant(tenantId, slug, region, TemplateVersion.parse(fromVersion), fromRank, wave);
    }
}
