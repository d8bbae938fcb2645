package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FleetTest
class ProvisioningRecoveryTest {

    @Autowired
    ProvisioningService service;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;

    private ProvisionRequest request(String slug, String region) {
        return ProvisionRequest.of(slug, "Org " + slug, region, List.of(), catalog);
    }

    @Test
    void regionDownLeavesTheTenantFailedWithTheReasonAndProvisionAgainCompletesIt() {
        connections.dataSource("japan-east");
        Path japan = connections.embeddedDataDir("japan-east");
        EmbeddedServers.holdDown(japan);
        try {
            assertThatThrownBy(() -> service.provision(request("while_down", "japan-east")))
                    .isInstanceOf(ProvisioningFailedException.class)
                    .hasMessageContaining("provisioning while_down failed: ")
                    .hasMessageContaining("run 'provision' again");
            Tenant failed = registry.find("while_down").orElseThrow();
            assertThat(failed.status()).isEqualTo(TenantStatus.FAILED);
            assertThat(failed.failureReason()).hasValueSatisfying(reason -> assertThat(reason).contains("japan-east"));
        } finally {
            EmbeddedServers.release(japan);
        }

        ProvisionOutcome outcome = service.provision(request("while_down", "japan-east"));

        Tenant tenant = registry.find("while_down").orElseThrow();
        assertThat(outcome.action()).isEqualTo(ProvisionOutcome.Action.PROVISIONED);
        assertThat(tenant.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(tenant.attempts()).isEqualTo(2);
        assertThat(tenant.failureReason()).isEmpty();
        assertThat(new RegionSql(connections).count("japan-east",
                "SELECT count(*) FROM org_while_down.retention_policy")).isEqualTo(4);
    }

    @Test
    void aRunKilledHalfwayIsRebuiltFromScratchByTheNextProvision() throws Exception {
        TenantSlug slug = new TenantSlug("crashed_run");
        registry.beginAttempt(slug, "eu-central", List.of("GDPR"));
        try (Connection connection = connections.dataSource("eu-central").getConnection()) {
            TenantSchemaBuilder.create(connection, slug);
            connection.createStatement().execute("CREATE TABLE org_crashed_run.stray (id int)");
        }

        service.provision(request("crashed_run", "eu-central"));

        RegionSql sql = new RegionSql(connections);
        assertThat(registry.find("crashed_run").orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(sql.count("eu-central", "SELECT count(*) FROM pg_tables WHERE schemaname = 'org_crashed_run' "
                + "AND tablename = 'stray'")).isZero();
        assertThat(sql.strings("eu-central", "SELECT event FROM fleet.residency_ledger WHERE tenant_slug = 'crashed_run' "
                + "ORDER BY entry_id")).containsExactly("TENANT_PROVISIONING_ROLLED_BACK", "TENANT_PROVISIONED");
    }

    @Test
    void refusesToProvisionATenantWhoseRegionLockARolloutHolds() throws Exception {
        try (Connection rollout = connections.dataSource("us-east").getConnection()) {
            rollout.createStatement().execute("SELECT pg_advisory_lock(hashtextextended('tenant:' || 'locked_org', 0))");

            assertThatThrownBy(() -> service.provision(request("locked_org", "us-east")))
                    .hasMessage("tenant locked_org is locked in region us-east by a rollout migrating it; wait for the "
                            + "rollout to finish (see 'rollout status')");
            rollout.createStatement().execute("SELECT pg_advisory_unlock(hashtextextended('tenant:' || 'locked_org', 0))");
        }
        assertThat(registry.find("locked_org")).isEmpty();
        assertThat(service.provision(request("locked_org", "us-east")).action()).isEqualTo(ProvisionOutcome.Action.PROVISIONED);
    }

    @Test
    void refusesToMoveATenantToAnotherRegion() {
        service.provision(request("stays_home", "us-east"));

        assertThatThrownBy(() -> service.provision(request("stays_home", "eu-central")))
                .hasMessage("organization stays_home is ACTIVE in region us-east, not eu-central; "
                        + "provision it with --region us-east");
    }
}
