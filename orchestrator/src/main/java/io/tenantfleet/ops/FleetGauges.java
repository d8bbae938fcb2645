package io.tenantfleet.ops;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.TenantStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the control plane and the circuit breakers, so they say what the whole fleet is
 * whichever process did the work: {@code tenantfleet_tenants{region, status}} (one query for all,
 * at most every 10 s however often it is scraped) and, from Resilience4j's own binder,
 * {@code resilience4j_circuitbreaker_state{name=<region>, state}} (1 for the breaker's state).
 */
@Component
class FleetGauges implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(10);

    private final JdbcClient controlPlane;
    private final RegionCatalog catalog;
    private final RegionGuard guard;
    private Map<String, Long> counts = Map.of();
    private Long readAt;

    FleetGauges(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient controlPlane, RegionCatalog catalog, RegionGuard guard) {
        this.controlPlane = controlPlane;
        this.catalog = catalog;
        this.guard = guard;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String region : catalog.regions().stream().map(io.tenantfleet.catalog.Region::id).toList()) {
            guard.breakerState(region); // every region's breaker exists, and is measured, before its first call
            for (TenantStatus status : TenantStatus.values()) {
                Gauge.builder("tenantfleet.tenants", this, g -> g.count(region, status.name()))
                        .description("tenants homed in the region, by status (control plane)")
                        .tag("region", region).tag("status", status.name()).register(registry);
            }
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(guard.breakers()).bindTo(registry);
    }

    private synchronized double count(String region, String status) {
        if (readAt == null || System.nanoTime() - readAt > FRESH.toNanos()) {
            Map<String, Long> read = new HashMap<>();
            try {
                controlPlane.sql("SELECT home_region, status, count(*) FROM tenant GROUP BY home_region, status")
                        .query((rs, row) -> read.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3))).list();
                counts = read;
            } catch (RuntimeException e) {
                return Double.NaN; // the control plane is down: no figure rather than a stale one (its health says why)
            }
            readAt = System.nanoTime();
        }
        return counts.getOrDefault(region + "/" + status, 0L);
    }
}
