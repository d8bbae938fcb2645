package io.tenantfleet.rollout;

import java.util.UUID;

/** A tenant a rollout will migrate: where it is, the version it has, and the wave it runs in (0 is the canary). */
public record PlannedTenant(UUID tenantId, String slug, String region, TemplateVersion from, int wave) {

    public String schema() {
        return "org_" + slug;
    }
}
