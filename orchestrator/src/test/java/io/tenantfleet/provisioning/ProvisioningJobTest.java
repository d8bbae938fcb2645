package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@FleetTest
class ProvisioningJobTest {

    @Autowired
    ProvisioningService service;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;

    RegionSql sql;

    @BeforeEach
    void setUp() {
        sql = new RegionSql(connections);
    }

    private ProvisionOutcome provision(String slug, String region, String... frameworks) {
        return service.provision(ProvisionRequest.of(slug, "Org " + slug, region, List.of(frameworks), catalog));
    }

    @Test
    void createsTheSchemaOnlyInTheHomeRegionAndMarksTheTenantActive() {
        ProvisionOutcome outcome = provision("home_only", "eu-central");

        assertThat(outcome.action()).isEqualTo(ProvisionOutcome.Action.PROVISIONED);
        Tenant tenant = registry.find("home_only").orElseThrow();
        assertThat(tenant.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(tenant.schemaVersion()).contains("3");
        assertThat(registry.history(tenant.id())).containsExactly("REQUESTED", "SCHEMA_CREATED", "MIGRATED", "CONFIGURED",
                "ACTIVATED");
        for (String region : List.of("eu-central", "us-east", "japan-east")) {
            long schemas = sql.count(region, "SELECT count(*) FROM pg_namespace WHERE nspname = 'org_home_only'");
            long keys = sql.count(region, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'org_home_only%'");
            assertThat(schemas).as("schema in %s", region).isEqualTo(region.equals("eu-central") ? 1 : 0);
            assertThat(keys).as("roles in %s", region).isEqualTo(region.equals("eu-central") ? 3 : 0);
        }
    }

    @Test
    void buildsRolesRowLevelSecurityTriggersEncryptionAndRetention() {
        provision("full_build", "us-east", "CCPA");
        String region = "us-east";

        assertThat(sql.strings(region, "SELECT rolname || ':' || rolcanlogin || ':' || rolbypassrls FROM pg_roles "
                + "WHERE rolname LIKE 'org_full_build%' ORDER BY 1")).containsExactly(
                "org_full_build_app:false:false", "org_full_build_owner:false:false", "org_full_build_ro:false:false");
        assertThat(sql.strings(region, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'org_full_build'"))
                .containsExactly("org_full_build_owner");
        List<String> tables = sql.strings(region, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'org_full_build' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1");
        assertThat(tables).contains("users", "profiles", "consents", "assessments", "assessment_results", "api_keys",
                "audit_log", "organization", "retention_policy");
        assertThat(sql.count(region, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'org_full_build' AND t.tgname ~ '_audit_(insert|update|delete)$' "
                + "AND t.tgtype & 1 = 0"))
                .as("nine audited tables, three statement-level triggers each").isEqualTo(27);
        assertThat(sql.strings(region, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'org_full_build' "
                + "AND table_name = 'users' AND data_type = 'bytea' ORDER BY 1"))
                .containsExactly("email_cipher", "email_lookup", "full_name_cipher");
        assertThat(sql.count(region, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'org_full_build' "
                + "AND column_name = 'deleted_at'")).isGreaterThanOrEqualTo(8);
        assertThat(sql.strings(region, "SELECT category || '=' || retention_days || '/' || minimum_days || '/' "
                + "|| coalesce(maximum_days::text, '-') || ' ' || set_by FROM org_full_build.retention_policy ORDER BY 1"))
                .containsExactly("audit_records=2190/2190/- region us-east audit_retention_days",
                        "business_records=2555/0/- HIPAA business_records.default_days",
                        "credentials=365/0/2555 HIPAA credentials.default_days",
                        "personal_data=2555/0/2555 region us-east retention_days");
        assertThat(sql.count(region, "SELECT count(*) FROM fleet.tenant_keys WHERE tenant_slug = 'full_build' "
                + "AND length(wrapped_key) > 32")).isEqualTo(1);
        assertThat(sql.strings(region, "SELECT event || ':' || (detail ->> 'jurisdictions') FROM fleet.residency_ledger "
                + "WHERE tenant_slug = 'full_build'")).containsExactly("TENANT_PROVISIONED:HIPAA,SOC2,CCPA");
    }

    @Test
    void keepsAStandardFlywayHistoryThatFlywayItselfValidates() {
        provision("flyway_clean", "japan-east");
        io.tenantfleet.region.RegionEndpoint endpoint = connections.endpoint("japan-east");
        // configured as an operator would configure Flyway by hand: no orchestrator settings at all
        Flyway flyway = Flyway.configure()
                .dataSource(endpoint.url(), endpoint.user(), null)
                .schemas("org_flyway_clean")
                .locations("filesystem:../sql/tenant")
                .load();

        ValidateResult result = flyway.validateWithResult();
        MigrationInfo current = flyway.info().current();

        assertThat(result.validationSuccessful).as(String.valueOf(result.invalidMigrations)).isTrue();
        assertThat(current.getVersion().getVersion()).isEqualTo("3");
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(sql.count("japan-east", "SELECT count(*) FROM org_flyway_clean.flyway_schema_history WHERE success"))
                .isEqualTo(3);
    }

    @Test
    void provisioningAnActiveTenantAgainReportsItAndChangesNothing() {
        provision("twice_org", "eu-central");
        Tenant before = registry.find("twice_org").orElseThrow();
        long ledger = sql.count("eu-central", "SELECT count(*) FROM fleet.residency_ledger");

        ProvisionOutcome again = provision("twice_org", "eu-central");

        assertThat(again.action()).isEqualTo(ProvisionOutcome.Action.ALREADY_ACTIVE);
        Tenant after = registry.find("twice_org").orElseThrow();
        assertThat(after.attempts()).isEqualTo(before.attempts());
        assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
        assertThat(registry.history(after.id())).hasSize(5);
        assertThat(sql.count("eu-central", "SELECT count(*) FROM fleet.residency_ledger")).isEqualTo(ledger);
    }

    @Test
    void writesNoDisplayNameOrOtherPersonalDataToTheControlPlane() {
        service.provision(ProvisionRequest.of("private_name", "Dr. Jane Roe Practice", "eu-central", List.of(), catalog));
        JdbcClient control = JdbcClient.create(connections.dataSource(RegionConnections.CONTROL_PLANE));

        long hits = control.sql("""
                SELECT (SELECT count(*) FROM tenant t WHERE t::text LIKE '%Jane Roe%')
                     + (SELECT count(*) FROM provisioning_history h WHERE h::text LIKE '%Jane Roe%')
                     + (SELECT count(*) FROM batch_job_execution_params p WHERE p::text LIKE '%Jane Roe%')
                     + (SELECT count(*) FROM batch_job_execution_context c WHERE c::text LIKE '%Jane Roe%')
                     + (SELECT count(*) FROM batch_step_execution_context c WHERE c::text LIKE '%Jane Roe%')
                """).query(Long.class).single();

        assertThat(hits).isZero();
        assertThat(sql.strings("eu-central", "SELECT display_name FROM org_private_name.organization"))
                .containsExactly("Dr. Jane Roe Practice");
    }
}
