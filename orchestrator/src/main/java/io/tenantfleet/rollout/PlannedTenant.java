package io.tenantfleet.rollout;

import java.util.UUID;

/**
 * A tenant a rollout will migrate: where it is, the version it has, the last installed_rank of its
 * flyway_schema_history when planned (null when unknown), and the wave it runs in (0 is the canary).
 */
public record PlannedTenant(UUID tenantId, String slug, String region, TemplateVersion from, Integer fromRank, int wave) {

    public String schema() {
        return "org_" + slug;
    }
}
