package io.tenantfleet.rollout;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.OwnFleet;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.TenantRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rollout scenario on its own embedded fleet: fresh servers and a tenant template of its own,
 * {@code sql/tenant} plus a folder the scenario writes new migrations into, as a developer adds
 * them to the template. Tenants are provisioned at the template's latest version (3) before any migration is
 * added, so the migrations a scenario adds start at V4.
 */
@SpringBootTest(properties = {"orchestrator.embedded-fast=true", "orchestrator.connect-timeout-ms=1500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class RolloutScenario {

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

    @Value("${orchestrator.tenant-template}")
    String templateLocations;

    @DynamicPropertySource
    static void ownFleet(DynamicPropertyRegistry properties) throws IOException {
        OwnFleet.register(properties, "classpath:sql/tenant,");
    }

    RegionSql sql() {
        return new RegionSql(connections);
    }

    void provision(String slug, String region) {
        provision(slug, region, "Org " + slug);
    }

    void provision(String slug, String region, String name) {
        provisioning.provision(ProvisionRequest.of(slug, name, region, List.of(), catalog));
    }

    /** Runs a statement as the region's administrator acting for the tenant's organization (as the audit trigger needs). */
    void updateAsOrganization(String region, String slug, String statement) throws SQLException {
        try (SingleConnectionDataSource acting = sql().actingFor(region, registry.find(slug).orElseThrow().id())) {
            JdbcClient.create(acting).sql(statement).update();
        }
    }

    /** Four tenants in each of the three regions, {@code <prefix><region initials><n>}: {slug, region} each. */
    List<String[]> provisionFourPerRegion(String prefix) {
        List<String[]> tenants = new java.util.ArrayList<>();
        for (String region : List.of("eu-central", "us-east", "japan-east")) {
            for (int i = 1; i <= 4; i++) {
                String slug = prefix + region.substring(0, 2) + i;
                provision(slug, region);
                tenants.add(new String[] {slug, region});
            }
        }
        return tenants;
    }

    /** Adds a migration file to this scenario's template folder. */
    void addMigration(String script, String sql) throws IOException {
        String folder = templateLocations.substring(templateLocations.indexOf("filesystem:") + "filesystem:".length());
        Files.writeString(Path.of(folder, script), sql);
    }

    /** The version the tenant's own flyway_schema_history records. */
    String version(String region, String slug) {
        return sql().strings(region, "SELECT version FROM org_" + slug + ".flyway_schema_history WHERE success "
                + "ORDER BY installed_rank DESC LIMIT 1").get(0);
    }

    long historyRows(String region, String slug, String version) {
        return sql().count(region, "SELECT count(*) FROM org_" + slug + ".flyway_schema_history WHERE version = ?", version);
    }

    /** Residency-ledger records of the tenant's migrations to {@code version}. */
    long ledgerMigrations(String region, String slug, String version) {
        return sql().count(region, "SELECT count(*) FROM fleet.residency_ledger l, jsonb_array_elements(l.detail -> 'tenants') t "
                + "WHERE l.event = 'TENANTS_MIGRATED' AND l.detail ->> 'to_version' = ? AND t ->> 'slug' = ?", version, slug);
    }

    static RolloutOptions options() {
        return RolloutOptions.defaults();
    }

    static RolloutOptions options(int canary, String waveSize, String maxFailures, int parallel) {
        return options(canary, waveSize, maxFailures, parallel, RolloutOptions.DEFAULT_BATCH);
    }

    static RolloutOptions options(int canary, String waveSize, String maxFailures, int parallel, int batchSize) {
        return new RolloutOptions(Optional.empty(), canary, List.of(), Amount.parse("--wave-size", waveSize),
                Amount.parse("--max-failures", maxFailures), parallel, List.of(), Optional.empty(), batchSize);
    }

    static final String RISK_SCORE = """
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM organization WHERE display_name LIKE '%[fail]%') THEN
                    RAISE EXCEPTION 'injected failure: this tenant is marked to fail';
                END IF;
            END
            $$;
            ALTER TABLE assessments ADD COLUMN risk_score integer;
            CREATE INDEX assessments_risk_score_idx ON assessments (risk_score);
            """;
}
