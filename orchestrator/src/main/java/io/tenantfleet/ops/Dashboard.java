package io.tenantfleet.ops;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.tenant.TenantRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the operators' dashboard shows, read when asked: each region with its health (the Actuator
 * indicator's), its tenants by status, the latest rollout with its tenants per region and state,
 * and the latest residency report with each region's state and findings. Counts and states only:
 * no tenant name, no personal data.
 */
@Component
public class Dashboard {

    /** One region's line. */
    public record RegionLine(String id, List<String> jurisdictions, String tier, String health, Object breaker, Object error,
            Map<String, Long> tenants) {}

    /** The latest rollout: per region, tenants per state. */
    public record Rollout(long id, String target, String status, OffsetDateTime created, Map<String, Map<String, Long>> regions) {}

    /** The latest residency report: per region its state and findings. */
    public record Residency(long id, String reportId, String status, OffsetDateTime created, Map<String, String> states,
            Map<String, Long> findings) {}

    /** The page's facts. */
    public record Facts(Instant at, List<RegionLine> regions, Optional<Rollout> rollout, Optional<Residency> residency) {}

    private final RegionCatalog catalog;
    private final JdbcClient controlPlane;
    private final CompositeHealthContributor health;
    private final TenantRegistry registry;

    Dashboard(RegionCatalog catalog, @Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient controlPlane,
            @Qualifier("regionsHealthContributor") CompositeHealthContributor health, TenantRegistry registry) {
        this.registry = registry;
        this.catalog = catalog;
        this.controlPlane = controlPlane;
        this.health = health;
    }

    public Facts read() {
        Map<String, Map<String, Long>> tenants = registry.countsByRegionAndStatus();
        List<RegionLine> regions = catalog.regions().stream().map(region -> line(region, tenants)).toList();
        return new Facts(Instant.now(), regions, rollout(), residency());
    }

    private RegionLine line(Region region, Map<String, Map<String, Long>> tenants) {
        Health state = ((HealthIndicator) health.getContributor(region.id())).health(true);
        return new RegionLine(region.id(), region.jurisdictions(), region.tier().name().toLowerCase(java.util.Locale.ROOT),
                state.getStatus().getCode(), state.getDetails().get("circuit_breaker"), state.getDetails().get("error"),
                tenants.getOrDefault(region.id(), Map.of()));
    }

    private Optional<Rollout> rollout() {
        return controlPlane.sql("SELECT run_id, target_version, status, created_at FROM rollout_run ORDER BY run_id DESC LIMIT 1")
                .query((rs, row) -> new Rollout(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), perRegion(rs.getLong(1)))).optional();
    }

    private Map<String, Map<String, Long>> perRegion(long runId) {
        Map<String, Map<String, Long>> regions = new TreeMap<>();
        controlPlane.sql("SELECT region, state, count(*) FROM rollout_tenant WHERE run_id = ? GROUP BY region, state")
                .param(runId).query((rs, row) -> regions.computeIfAbsent(rs.getString(1), r -> new TreeMap<>())
                        .put(rs.getString(2), rs.getLong(3))).list();
        return regions;
    }

    private Optional<Residency> residency() {
        return controlPlane.sql("SELECT run_id, report_id::text, status, created_at FROM residency_run ORDER BY run_id DESC LIMIT 1")
                .query((rs, row) -> {
                    long id = rs.getLong(1);
                    Map<String, String> states = new LinkedHashMap<>();
                    Map<String, Long> findings = new LinkedHashMap<>();
                    controlPlane.sql("SELECT r.region, r.state, coalesce(jsonb_array_length(r.result -> 'findings'), 0) "
                            + "FROM residency_region r JOIN residency_run u USING (run_id) WHERE r.run_id = ? "
                            + "ORDER BY array_position(u.regions, r.region)").param(id).query((regions, n) -> {
                                states.put(regions.getString(1), regions.getString(2));
                                return findings.put(regions.getString(1), regions.getLong(3));
                            }).list();
                    return new Residency(id, rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class), states,
                            findings);
                }).optional();
    }
}
