package io.tenantfleet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.support.FleetTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Health per region and the control plane, and the fleet's meters, on the shared embedded fleet:
 * regions answer UP with their breaker's state; an open breaker or a server that does not answer
 * is DOWN with a one-line reason; onboarding is timed per outcome; the tenant gauges follow the
 * control plane; each region's breaker is measured.
 */
@FleetTest
class FleetOpsTest {

    @Autowired
    @Qualifier("regionsHealthContributor")
    CompositeHealthContributor regions;
    @Autowired
    @Qualifier("controlPlaneHealthIndicator")
    HealthIndicator controlPlane;
    @Autowired
    RegionGuard guard;
    @Autowired
    MeterRegistry registry;
    @Autowired
    ProvisioningService provisioning;
    @Autowired
    RegionCatalog catalog;

    private Health region(String id) {
        return ((HealthIndicator) regions.getContributor(id)).health(true);
    }

    @Test
    void everyRegionAndTheControlPlaneAreUpWithTheirBreakerState() {
        for (String id : List.of("eu-central", "us-east", "japan-east")) {
            Health health = region(id);
            assertThat(health.getStatus()).as(id).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("circuit_breaker", "CLOSED").containsKey("server_version");
        }
        assertThat(controlPlane.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anOpenBreakerOrAServerThatDoesNotAnswerIsDown() {
        guard.breakers().circuitBreaker("us-east").transitionToForcedOpenState();
        try {
            Health health = region("us-east");
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("circuit_breaker", "FORCED_OPEN");
            assertThat(registry.get("resilience4j.circuitbreaker.state").tags("name", "us-east", "state", "forced_open")
                    .gauge().value()).isEqualTo(1.0);
        } finally {
            guard.breakers().circuitBreaker("us-east").reset();
        }
        assertThat(region("us-east").getStatus()).isEqualTo(Status.UP);

        DriverManagerDataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2");
        Health down = FleetHealth.probe(Health.up(), nowhere);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) down.getDetails().get("error")).contains("Connection to 127.0.0.1:1 refused").doesNotContain("\n");
    }

    @Test
    void onboardingIsTimedPerOutcomeAndTheTenantGaugesFollowTheControlPlane() {
        double before = provisionings("provisioned");
        double activeBefore = registry.get("tenantfleet.tenants").tags("region", "japan-east", "status", "ACTIVE").gauge().value();
        ProvisionRequest request = ProvisionRequest.of("ops_metered", "Ops Metered", "japan-east", List.of(), catalog);
        provisioning.provision(request);
        provisioning.provision(request);

        assertThat(provisionings("provisioned")).isEqualTo(before + 1);
        assertThat(provisionings("already_active")).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("tenantfleet.tenant.outcomes").tags("job", "provision", "outcome", "provisioned").counter()
                .count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("resilience4j.circuitbreaker.state").tags("name", "japan-east", "state", "closed").gauge()
                .value()).isEqualTo(1.0);
        // the gauges read the control plane at most every 10 s: the new tenant shows within that
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                registry.get("tenantfleet.tenants").tags("region", "japan-east", "status", "ACTIVE").gauge().value())
                .isGreaterThan(activeBefore));
    }

    private double provisionings(String outcome) {
        var timer = registry.find("tenantfleet.provisioning").tags("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
