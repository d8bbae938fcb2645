package io.tenantfleet.ops;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionGuard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health for Actuator ({@code /actuator/health} on {@code serve}): {@code regions}, one indicator per
 * catalog region, and {@code controlPlane}. A region is UP when a pooled connection answers
 * {@code SELECT 1} and its circuit breaker is not OPEN; DOWN otherwise, with the breaker's state
 * and the reason in one line (never a password or URL secret: the driver's message, as the CLI
 * prints it). A probe is not a call through the breaker, so health checks never open one.
 */
@Configuration(proxyBeanMethods = false)
class FleetHealth {

    @Bean
    CompositeHealthContributor regionsHealthContributor(RegionCatalog catalog, RegionConnections connections, RegionGuard guard) {
        Map<String, HealthIndicator> regions = new LinkedHashMap<>();
        for (Region region : catalog.regions()) {
            regions.put(region.id(), () -> region(region.id(), connections, guard));
        }
        return CompositeHealthContributor.fromMap(regions);
    }

    @Bean
    HealthIndicator controlPlaneHealthIndicator(
            @Qualifier(ControlPlaneConfiguration.DATA_SOURCE) ObjectProvider<DataSource> controlPlane) {
        // the data source when first probed: health contributors are made as every command starts, and the
        // control plane's data source starts the embedded servers (which up's own process must not)
        return () -> probe(Health.up(), controlPlane.getObject());
    }

    private static Health region(String region, RegionConnections connections, RegionGuard guard) {
        CircuitBreaker.State breaker = guard.breakerState(region);
        Health.Builder health = Health.up().withDetail("circuit_breaker", breaker.name());
        if (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN) {
            return health.down().withDetail("error", "circuit breaker open after repeated failures: calls paused").build();
        }
        return probe(health, connections.dataSource(region));
    }

    static Health probe(Health.Builder health, DataSource dataSource) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            return health.withDetail("server_version", rs.getString(1))
                    .withDetail("latency_ms", (System.nanoTime() - started) / 1_000_000).build();
        } catch (SQLException | RuntimeException e) {
            return health.down().withDetail("error", OneLine.of(String.valueOf(e.getMessage()))).build();
        }
    }
}
