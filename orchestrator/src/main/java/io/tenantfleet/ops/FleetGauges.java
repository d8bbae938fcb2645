package io.tenantfleet.ops;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
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

    private final ObjectProvider<TenantRegistry> tenants;
    private final RegionCatalog catalog;
    private final RegionGuard guard;
    private Map<String, Map<String, Long>> counts = Map.of();
    private Long readAt;

    /**
     * The control plane is asked for on the first read, not when meters are bound: binding happens as
     * every command starts, and the control plane's data source starts the embedded servers (a command
     * such as {@code up} must not start them in its own process, nor {@code catalog validate} at all).
     */
    FleetGauges(ObjectProvider<TenantRegistry> tenants, RegionCatalog catalog, RegionGuard guard) {
        this.tenants = tenants;
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
            // a failed read is remembered for FRESH too: a scrape while the control plane is down tries once,
            // not once per gauge, each waiting out the connection timeout
            readAt = System.nanoTime();
            try {
                counts = tenants.getObject().countsByRegionAndStatus();
            } catch (RuntimeException e) {
                counts = null; // the control plane is down: no figure rather than a stale one (its health says why)
            }
        }
        return counts == null ? Double.NaN : counts.getOrDefault(region, Map.of()).getOrDefault(status, 0L);
    }
}
