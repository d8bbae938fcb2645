package io.tenantfleet.rollout;

import io.tenantfleet.tenant.Tenant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The document of {@code status --output json}, format {@value #FORMAT}: every tenant the registry
 * lists (no personal data: slug, region, status, version), each with its line in the latest rollout
 * that included it. Field names are snake_case, times ISO-8601 in UTC, absent values {@code null}.
 */
public final class TenantStatusJson {

    /** Names the document's structure; a change to it is a new number. */
    public static final String FORMAT = "tenant-fleet/status/1";

    private TenantStatusJson() {
    }

    /**
     * @param region   the region asked for, or empty for all
     * @param rollouts each tenant's line in its latest rollout ({@link RolloutLedger#latestPerTenant()})
     */
    public static Map<String, Object> document(Optional<String> region, List<Tenant> tenants,
            Map<UUID, RolloutTenant> rollouts) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("region", region.orElse(null));
        document.put("count", tenants.size());
        document.put("tenants", tenants.stream().map(tenant -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("org", tenant.slug());
            entry.put("region", tenant.homeRegion());
            entry.put("status", tenant.status().name());
            entry.put("schema_version", tenant.schemaVersion().orElse(null));
            entry.put("frameworks", tenant.frameworks());
            entry.put("attempts", tenant.attempts());
            entry.put("created_at", RolloutJson.utc(tenant.createdAt()));
            entry.put("updated_at", RolloutJson.utc(tenant.updatedAt()));
            entry.put("failure_reason", tenant.failureReason().orElse(null));
            entry.put("last_rollout", Optional.ofNullable(rollouts.get(tenant.id())).map(TenantStatusJson::rollout)
                    .orElse(null));
            return entry;
        }).toList());
        return document;
    }

    private static Map<String, Object> rollout(RolloutTenant line) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("run", line.runId());
        entry.put("state", line.state().label());
        entry.put("from_version", line.fromVersion());
        entry.put("to_version", line.toVersion());
        entry.put("duration_ms", line.durationMs().orElse(null));
        entry.put("error", line.lastError().orElse(null));
        return entry;
    }
}
