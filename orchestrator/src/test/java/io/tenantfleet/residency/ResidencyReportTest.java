package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.support.SeededTenants;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Residency reports on a fleet of its own (real embedded servers): a clean fleet reports clean and
 * verifies; then each kind of finding is produced on purpose (a stray schema, a tenant schema copied
 * to a foreign region, a tenant schema dropped, an edited audit row, an e-mail address slipped into
 * the metadata table past its guard, a region stopped) and appears with its evidence and the right
 * exit code; an edited report fails verification and a changed fleet is told apart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(properties = {"orchestrator.embedded-fast=true", "orchestrator.connect-timeout-ms=1500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ResidencyReportTest {

    static final String EU = "eu-central";
    static final String US = "us-east";
    static final String JP = "japan-east";

    @DynamicPropertySource
    static void ownFleet(DynamicPropertyRegistry properties) {
        properties.add("orchestrator.data-dir", () -> "target/test-fleet/residency-" + UUID.randomUUID());
    }

    @Autowired
    ProvisioningService provisioning;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    TenantKeyStore keys;
    @Autowired
    ResidencyService residency;
    @Autowired
    ResidencyVerifier verifier;
    @Autowired
    io.tenantfleet.sync.SyncService sync;

    private static String cleanReport;

    private Tenant tenant(String slug, String region) throws Exception {
        return new SeededTenants(provisioning, registry, catalog, connections, keys).ensure(slug, region, 4);
    }

    private RegionSql sql() {
        return new RegionSql(connections);
    }

    private void asSuperuser(String region, String... statements) throws Exception {
        try (Connection connection = connections.dataSource(region).getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Map<String, List<Finding>> byRule(ResidencyReport report) {
        return report.findings().stream().collect(Collectors.groupingBy(Finding::rule));
    }

    @Test
    @Order(1)
    void aCleanFleetReportsCleanAndVerifies() throws Exception {
        tenant("res_eu", EU);
        tenant("res_us", US);
        tenant("res_jp", JP);
        assertThat(sync.run(List.of(), Workers.LOCAL).status()).as("metadata synced first, so its table is checked too")
                .isEqualTo(io.tenantfleet.fleet.RunStatus.COMPLETED);

        ResidencyReport report = residency.report(List.of(), Workers.LOCAL).report();

        assertThat(report.findings()).as(report.findings().toString()).isEmpty();
        assertThat(report.exitCode()).isZero();
        assertThat(report.regions()).extracting(RegionCheck::region).containsExactly(EU, US, JP);
        assertThat(report.regions()).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(RegionCheck.CHECKED);
            assertThat(check.tenants()).isEqualTo(1);
            assertThat(check.schemas()).isEqualTo(1);
            assertThat(check.ledgerHead()).hasValueSatisfying(head -> assertThat(head).matches("[0-9a-f]{64}"));
            assertThat(check.server()).contains("PostgreSQL 17");
        });
        assertThat(report.catalogDigest()).isEqualTo(catalog.digest()).matches("[0-9a-f]{64}");
        String json = ResidencyJson.toJson(report);
        assertThat(ReportDigest.of(ResidencyJson.read(json))).isEqualTo(report.digest());
        for (String region : List.of(EU, US, JP)) {
            assertThat(sql().strings(region, "SELECT detail->>'digest' FROM fleet.residency_ledger WHERE event = "
                    + "'RESIDENCY_REPORT' AND detail->>'report_id' = ?", report.reportId())).containsExactly(report.digest());
        }

        ResidencyVerifier.Verification verification = verifier.verify(json, "report.json");

        assertThat(verification.intact()).isTrue();
        assertThat(verification.recordedEverywhere()).as(verification.ledgers().toString()).isTrue();
        assertThat(verification.matchesFleet()).as(verification.appeared() + " " + verification.resolved()).isTrue();
        assertThat(verification.exitCode()).isZero();
        cleanReport = json;
    }

    @Test
    @Order(2)
    void eachKindOfFindingAppearsWithItsEvidence() throws Exception {
        asSuperuser(EU, "CREATE SCHEMA org_stray_copy", "CREATE ROLE org_ghost_app NOLOGIN");
        asSuperuser(JP, "CREATE SCHEMA org_res_eu", "CREATE TABLE org_res_eu.users (email text)");
        asSuperuser(US, "DROP SCHEMA org_res_us CASCADE");
        asSuperuser(JP, "ALTER TABLE org_res_jp.retention_policy RENAME COLUMN retention_days TO days_kept");
        long edited = sql().count(EU, "SELECT min(audit_id) FROM org_res_eu.audit_log WHERE action = 'INSERT'");
        asSuperuser(EU, "UPDATE org_res_eu.audit_log SET actor = 'mallory' WHERE audit_id = " + edited);
        asSuperuser(JP, "SET session_replication_role = replica",
                "UPDATE fleet.cross_region_metadata SET aggregated_data = aggregated_data || "
                        + "'{\"users_active\": \"ann@example.com\"}' WHERE source_region = 'eu-central' "
                        + "AND data_type = 'region_summary'",
                "SET session_replication_role = origin");
        asSuperuser(RegionConnections.CONTROL_PLANE, "UPDATE tenant SET failure_reason = 'call bob@example.org' "
                + "WHERE slug = 'res_jp'");

        ResidencyReport report = residency.report(List.of(), Workers.LOCAL).report();

        assertThat(report.exitCode()).isEqualTo(ResidencyReport.FINDINGS);
        Map<String, List<Finding>> rules = byRule(report);
        assertThat(rules.get("RES-01")).singleElement().satisfies(f -> {
            assertThat(f.region()).isEqualTo(JP);
            assertThat(f.subject()).isEqualTo("org_res_eu");
            assertThat(f.evidence().query()).isEqualTo(RegionFacts.SCHEMAS);
            assertThat(f.evidence().returned()).contains("home region " + EU);
        });
        assertThat(rules.get("RES-03")).extracting(Finding::subject).containsExactlyInAnyOrder("org_stray_copy", "org_ghost_app");
        assertThat(rules.get("RES-02")).extracting(Finding::subject).containsExactlyInAnyOrder("org_res_us", "org_res_jp");
        assertThat(rules.get("RES-02")).filteredOn(f -> f.subject().equals("org_res_jp")).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("could not be checked"));
        assertThat(rules.get("RES-07")).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("org_res_eu.audit_log");
            assertThat(f.evidence().returned()).contains(edited + ": row was modified");
        });
        assertThat(rules.get("RES-04")).hasSize(2);
        assertThat(rules.get("RES-04")).filteredOn(f -> f.region().equals(JP)).singleElement().satisfies(f -> {
            assertThat(f.summary()).contains("an e-mail address").contains("users_active");
            assertThat(f.evidence().returned()).doesNotContain("ann@example.com");
        });
        assertThat(rules.get("RES-04")).filteredOn(f -> f.region().equals(RegionConnections.CONTROL_PLANE)).singleElement()
                .satisfies(f -> {
                    assertThat(f.subject()).isEqualTo("tenant.failure_reason");
                    assertThat(f.evidence().returned()).startsWith("1 values shaped like e-mail addresses")
                            .doesNotContain("bob@example.org");
                });
        assertThat(report.findings()).allSatisfy(f -> {
            assertThat(f.evidence().server()).isNotBlank();
            assertThat(f.evidence().query()).isNotBlank();
            assertThat(f.evidence().policyVersion()).isEqualTo(catalog.digest());
        });
        assertThat(ResidencyJson.toJson(report)).doesNotContain("ann@example.com").doesNotContain("bob@example.org");

        ResidencyVerifier.Verification stale = verifier.verify(cleanReport, "clean.json");
        assertThat(stale.intact()).isTrue();
        assertThat(stale.matchesFleet()).isFalse();
        assertThat(stale.appeared()).contains("RES-01 japan-east org_res_eu", "RES-03 eu-central org_stray_copy");
        assertThat(stale.exitCode()).isEqualTo(ResidencyReport.FINDINGS);
    }

    @Test
    @Order(3)
    void aRegionStoppedIsUnknownNeverCompliant() throws Exception {
        Path japan = connections.embeddedDataDir(JP);
        ResidencyReport report;
        EmbeddedServers.holdDown(japan);
        try {
            report = residency.report(List.of(JP), Workers.LOCAL).report();
        } finally {
            EmbeddedServers.release(japan);
        }
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.regions()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(RegionCheck.UNKNOWN);
            assertThat(check.error()).hasValueSatisfying(e -> assertThat(e).contains(JP));
        });
        assertThat(byRule(report).get("RES-09")).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("unknown, not compliant"));
    }

    @Test
    @Order(4)
    void anEditedReportFailsVerification() {
        String edited = cleanReport.replace("\"exit_code\" : 0", "\"exit_code\" : 3");
        assertThat(edited).isNotEqualTo(cleanReport);

        ResidencyVerifier.Verification verification = verifier.verify(edited, "edited.json");

        assertThat(verification.intact()).isFalse();
        assertThat(verification.exitCode()).isEqualTo(1);
    }
}
