package io.tenantfleet.tenant;

import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The control plane's tenant registry and provisioning history. */
@Repository
public class TenantRegistry {

    private static final String COLUMNS = "tenant_id, slug, home_region, status, schema_version, frameworks, "
            + "failure_reason, attempts, created_at, updated_at";

    private final JdbcClient jdbc;

    public TenantRegistry(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Tenant> find(String slug) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenant WHERE slug = ?").param(slug).query(TenantRegistry::map)
                .optional();
    }

    /** Every tenant, or those of one region, by region then slug. */
    public List<Tenant> list(Optional<String> region) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenant WHERE (?::text IS NULL OR home_region = ?) "
                + "ORDER BY home_region, slug").param(region.orElse(null)).param(region.orElse(null))
                .query(TenantRegistry::map).list();
    }

    /** How many tenants each region has in each status: region, then status (PROVISIONING, ACTIVE, FAILED), then count. */
    public Map<String, Map<String, Long>> countsByRegionAndStatus() {
        Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT home_region, status, count(*) FROM tenant GROUP BY home_region, status")
                .query((rs, row) -> counts.computeIfAbsent(rs.getString(1), r -> new java.util.TreeMap<>())
                        .put(rs.getString(2), rs.getLong(3))).list();
        return counts;
    }

    /**
     * Records a provisioning attempt: a new tenant, or a FAILED/PROVISIONING one tried again, becomes
     * PROVISIONING with one more attempt. Returns the row as it now stands.
     */
    public Tenant beginAttempt(TenantSlug slug, String region, List<String> frameworks) {
        jdbc.sql("""
                INSERT INTO tenant (tenant_id, slug, home_region, status, frameworks, attempts)
                VALUES (?, ?, ?, 'PROVISIONING', ?, 1)
                ON CONFLICT (slug) DO UPDATE
                   SET status = 'PROVISIONING', attempts = tenant.attempts + 1, failure_reason = NULL,
                       frameworks = EXCLUDED.frameworks, updated_at = now()
                 WHERE tenant.status <> 'ACTIVE'
                """).param(UUID.randomUUID()).param(slug.value()).param(region)
                .param(frameworks.toArray(String[]::new)).update();
        return find(slug.value()).orElseThrow();
    }

    public void markActive(UUID tenantId, String schemaVersion) {
        jdbc.sql("UPDATE tenant SET status = 'ACTIVE', schema_version = ?, failure_reason = NULL, activated_at = now(), "
                + "updated_at = now() WHERE tenant_id = ?").param(schemaVersion).param(tenantId).update();
    }

    public void markFailed(UUID tenantId, String reason) {
        jdbc.sql("UPDATE tenant SET status = 'FAILED', failure_reason = ?, updated_at = now() "
                + "WHERE tenant_id = ? AND status <> 'ACTIVE'").param(reason).param(tenantId).update();
    }

    public void recordHistory(Tenant tenant, String event, String detail, Long jobExecutionId) {
        jdbc.sql("INSERT INTO provisioning_history (tenant_id, slug, home_region, event, detail, job_execution_id) "
                + "VALUES (?, ?, ?, ?, ?, ?)").param(tenant.id()).param(tenant.slug()).param(tenant.homeRegion())
                .param(event).param(detail).param(jobExecutionId).update();
    }

    /** The events recorded for one tenant, oldest first. */
    public List<String> history(UUID tenantId) {
        return jdbc.sql("SELECT event FROM provisioning_history WHERE tenant_id = ? ORDER BY history_id")
                .param(tenantId).query(String.class).list();
    }

    private static Tenant map(ResultSet rs, int row) throws SQLException {
        Array frameworks = rs.getArray("frameworks");
        return new Tenant(rs.getObject("tenant_id", UUID.class), rs.getString("slug"), rs.getString("home_region"),
                TenantStatus.valueOf(rs.getString("status")), Optional.ofNullable(rs.getString("schema_version")),
                frameworks == null ? List.of() : Arrays.asList((String[]) frameworks.getArray()),
                Optional.ofNullable(rs.getString("failure_reason")), rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
