package io.tenantfleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import io.tenantfleet.support.OwnFleet;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.TenantRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tenants provisioned at template version 1 (row-level security enabled, not forced) are rolled
 * to version 2, which forces it, version 3, which redacts and re-links the audit rows written so
 * far, and a migration that writes rows: afterwards every table with an organization's rows forces
 * row-level security, the migration saw and changed its organization's row, the audit chain still
 * verifies, and neither Flyway nor drift finds anything amiss. A tenant
 * provisioned afterwards gets the same template from Flyway, in its organization's context.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(properties = {"orchestrator.embedded-fast=true", "orchestrator.connect-timeout-ms=1500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ForceRowLevelSecurityRolloutTest {

    private static final List<String[]> TENANTS = List.of(new String[] {"rls_eu", "eu-central"},
            new String[] {"rls_us", "us-east"});

    /** Needs the organization context and writes rows as the owner, who sees only its organization's. */
    private static final String TOUCHES_ROWS = """
            DO $$
            BEGIN
                IF current_org() IS NULL THEN
                    RAISE EXCEPTION 'migrated without app.current_org_id';
                END IF;
            END
            $$;
            UPDATE organization SET frameworks = frameworks || 'RLS-CHECKED'::text;
            """;

    private static Path template;

    @Autowired
    RolloutService rollouts;
    @Autowired
    ProvisioningService provisioning;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    TenantRegistry registry;
    @Autowired
    DriftDetector drift;

    @DynamicPropertySource
    static void templateAtVersion1(DynamicPropertyRegistry properties) throws IOException {
        template = OwnFleet.register(properties, "");
        OwnFleet.copyTemplateFile(template, "V1__tenant_core.sql");
    }

    @Test
    @Order(1)
    void tenantsAtVersion1EndWithForcedRowLevelSecurityOnEveryTable() throws Exception {
        RegionSql sql = new RegionSql(connections);
        for (String[] tenant : TENANTS) {
            provisioning.provision(ProvisionRequest.of(tenant[0], "Org " + tenant[0], tenant[1], List.of(), catalog));
            assertThat(sql.rowSecurity(tenant[1], "org_" + tenant[0])).as(tenant[0] + " at version 1")
                    .contains("organization true false");
        }
        OwnFleet.copyTemplateFile(template, "V2__force_row_level_security.sql");
        OwnFleet.copyTemplateFile(template, "V3__retention_holds_and_redacted_audit.sql");
        Files.writeString(template.resolve("V4__touch_rows.sql"), TOUCHES_ROWS);

        RolloutRun run = rollouts.apply(RolloutOptions.defaults()).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        for (String[] tenant : TENANTS) {
            String schema = "org_" + tenant[0];
            assertThat(sql.rowSecurity(tenant[1], schema)).as(tenant[0]).hasSize(14);
            assertThat(sql.tablesNotForcingRowSecurity(tenant[1], schema)).as(tenant[0]).containsExactly("retention_map false");
            assertThat(sql.strings(tenant[1], "SELECT array_to_string(frameworks, ',') FROM " + schema + ".organization"))
                    .as("the migration saw its organization's row").singleElement()
                    .satisfies(frameworks -> assertThat(frameworks).endsWith("RLS-CHECKED"));
            UUID org = registry.find(tenant[0]).orElseThrow().id();
            try (SingleConnectionDataSource acting = sql.actingFor(tenant[1], org)) {
                JdbcClient admin = JdbcClient.create(acting);
                admin.sql("UPDATE " + schema + ".retention_policy SET deleted_at = now() WHERE category = 'personal_data'")
                        .update();
                assertThat(admin.sql("SELECT action FROM " + schema + ".audit_log ORDER BY audit_id").query(String.class)
                        .list()).containsExactly("INSERT", "INSERT", "INSERT", "UPDATE", "UPDATE");
                assertThat(admin.sql("SELECT count(*) FROM " + schema + ".verify_audit_chain()").query(Long.class).single())
                        .isZero();
            }
            RegionEndpoint endpoint = connections.endpoint(tenant[1]);
            ValidateResult validation = Flyway.configure().dataSource(endpoint.url(), endpoint.user(), null)
                    .schemas(schema).locations("filesystem:" + template).load().validateWithResult();
            assertThat(validation.validationSuccessful).as(String.valueOf(validation.getAllErrorMessages())).isTrue();
            assertThat(drift.inspect(tenant[1])).singleElement()
                    .satisfies(report -> assertThat(report.differences()).as(tenant[0]).isEmpty());
        }
    }

    @Test
    @Order(2)
    void aTenantProvisionedAfterwardsIsMigratedByFlywayInItsOrganization() {
        provisioning.provision(ProvisionRequest.of("rls_new", "Org rls_new", "japan-east", List.of(), catalog));

        assertThat(registry.find("rls_new").orElseThrow().schemaVersion()).contains("4");
        RegionSql sql = new RegionSql(connections);
        assertThat(sql.rowSecurity("japan-east", "org_rls_new")).hasSize(14);
        assertThat(sql.tablesNotForcingRowSecurity("japan-east", "org_rls_new")).containsExactly("retention_map false");
    }
}
