package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Bulk onboarding from CSV and YAML files on real PostgreSQL: bad rows reported by line, the others built once. */
@FleetTest
class BulkProvisioningTest {

    @Autowired
    BulkProvisioningService bulk;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionConnections connections;

    @TempDir
    Path dir;

    @Test
    void provisionsTheGoodRowsOfACsvAndReportsEachBadOneWithItsLineAndField() throws Exception {
        Path file = dir.resolve("tenants.csv");
        Files.writeString(file, """
                slug,name,region,frameworks
                csv_alpha,"Alpha ""Quoted""; DROP TABLE users; --",eu-central,
                csv_beta,Bêta Ünïcødé 株式会社,us-east,GDPR
                Bad-Slug,Bad Slug Inc,eu-central,
                csv_gamma,Gamma,mars-north,
                csv_alpha,Alpha Again,eu-central,
                csv_delta,,japan-east,
                csv_epsilon,"Multi
                line name",japan-east,
                csv_zeta,Zeta,japan-east,NOPE
                """);

        BulkProvisioningService.Report report = bulk.start(file.toString(), TenantFile.read(file), Workers.LOCAL);

        Map<Integer, String> errors = report.rows().stream().filter(r -> r.error().isPresent())
                .collect(Collectors.toMap(BulkRowState::line, r -> r.error().get()));
        assertThat(errors.get(4)).startsWith(file + ":4: field slug: invalid organization slug 'Bad-Slug'");
        assertThat(errors.get(5)).startsWith(file + ":5: field region: unknown region 'mars-north'");
        assertThat(errors.get(6)).startsWith(file + ":6: field slug: 'csv_alpha' is already on line 2");
        assertThat(errors.get(7)).startsWith(file + ":7: field name: missing");
        assertThat(errors.get(8)).as("a display name is printable characters, one line")
                .startsWith(file + ":8: field name: invalid name for csv_epsilon");
        assertThat(errors.get(10)).startsWith(file + ":10: field frameworks: unknown framework 'NOPE'");
        assertThat(errors.values()).noneMatch(e -> e.contains("DROP TABLE") || e.contains("Ünïcødé"));
        assertThat(report.rows()).filteredOn(r -> r.state().equals(BulkRowState.PROVISIONED))
                .extracting(BulkRowState::slug).containsExactlyInAnyOrder("csv_alpha", "csv_beta");
        assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(report.anyInvalid()).isTrue();
        assertThat(report.anyFailed()).isFalse();
        assertThat(report.regions().get("eu-central")).isEqualTo(new BulkProvisioningService.RegionSummary(1, 0, 0, 2));
        assertThat(report.regions().get("japan-east")).isEqualTo(new BulkProvisioningService.RegionSummary(0, 0, 0, 3));
        assertThat(report.regions().get("-")).isEqualTo(new BulkProvisioningService.RegionSummary(0, 0, 0, 1));

        RegionSql sql = new RegionSql(connections);
        assertThat(sql.strings("eu-central", "SELECT pg_catalog.current_setting('server_version')")).isNotEmpty();
        assertThat(displayName(sql, "eu-central", "csv_alpha")).isEqualTo("Alpha \"Quoted\"; DROP TABLE users; --");
        assertThat(displayName(sql, "us-east", "csv_beta")).isEqualTo("Bêta Ünïcødé 株式会社");
        assertThat(sql.count("eu-central", "SELECT count(*) FROM pg_namespace WHERE nspname = 'org_csv_gamma'")).isZero();
        assertThat(controlPlaneCount("SELECT count(*) FROM bulk_row WHERE name_sealed IS NOT NULL")).isZero();
        for (String[] tenant : List.of(new String[] {"csv_alpha", "eu-central"}, new String[] {"csv_beta", "us-east"})) {
            assertValidatesWithFlyway(tenant[1], tenant[0]);
            assertThat(registry.history(registry.find(tenant[0]).orElseThrow().id())).containsExactly("REQUESTED",
                    "SCHEMA_CREATED", "MIGRATED", "CONFIGURED", "ACTIVATED");
        }

        BulkProvisioningService.Report again = bulk.start(file.toString(), TenantFile.read(file), Workers.LOCAL);
        assertThat(again.rows()).filteredOn(r -> r.state().equals(BulkRowState.PRESENT)).hasSize(2);
        assertThat(again.regions().get("us-east")).isEqualTo(new BulkProvisioningService.RegionSummary(0, 1, 0, 0));
    }

    @Test
    void readsYamlRowsWithTheirLines() throws Exception {
        Path file = dir.resolve("tenants.yml");
        Files.writeString(file, """
                tenants:
                  - slug: yaml_one
                    name: "O'Neil; & Sons"
                    region: us-east
                    frameworks: [GDPR]
                  - slug: yaml_two
                    name: Two
                    region: japan-east
                  - slug: yaml_bad
                    region: eu-central
                """);

        BulkProvisioningService.Report report = bulk.start(file.toString(), TenantFile.read(file), Workers.LOCAL);

        assertThat(report.rows()).extracting(BulkRowState::line, BulkRowState::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "provisioned"), org.assertj.core.groups.Tuple.tuple(6, "provisioned"),
                org.assertj.core.groups.Tuple.tuple(9, "invalid"));
        assertThat(report.rows().get(2).error()).hasValueSatisfying(e -> assertThat(e).contains(":9: field name: missing"));
        assertThat(displayName(new RegionSql(connections), "us-east", "yaml_one")).isEqualTo("O'Neil; & Sons");
        assertValidatesWithFlyway("japan-east", "yaml_two");
    }

    @Test
    void refusesAFileThatCannotBeParsedAsAWhole() throws Exception {
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, "slug,name,region\nok_one,\"never closed,eu-central\n");
        assertThatThrownBy(() -> TenantFile.read(csv)).isInstanceOf(OrchestratorException.class)
                .hasMessage("tenants file " + csv + ": not valid CSV at line 2: a quoted field is not closed");
        Path yaml = dir.resolve("broken.yaml");
        Files.writeString(yaml, "tenants:\n  - slug: a\n   name: [\n");
        assertThatThrownBy(() -> TenantFile.read(yaml)).isInstanceOf(OrchestratorException.class)
                .hasMessageStartingWith("tenants file " + yaml + ": not valid YAML at line");
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "slug,name,country\nx,y,z\n");
        assertThatThrownBy(() -> TenantFile.read(header)).hasMessageContaining("line 1: unknown column 'country'");
    }

    @Test
    void aRegionThatGoesDownMidRunFailsItsRowsOnlyAndResumeBuildsNothingTwice() throws Exception {
        StringBuilder csv = new StringBuilder("slug,name,region\n");
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String region = i < 5 ? "eu-central" : i < 10 ? "us-east" : "japan-east";
            slugs.add("down_" + i);
            csv.append("down_").append(i).append(",Org ").append(i).append(',').append(region).append('\n');
        }
        Path file = dir.resolve("outage.csv");
        Files.writeString(file, csv);
        Path japan = connections.embeddedDataDir("japan-east");

        CompletableFuture<BulkProvisioningService.Report> run = CompletableFuture.supplyAsync(
                () -> bulk.start(file.toString(), TenantFile.read(file), Workers.LOCAL));
        long deadline = System.currentTimeMillis() + 60_000;
        while (activeIn("japan-east", slugs) < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        EmbeddedServers.holdDown(japan);
        BulkProvisioningService.Report report;
        try {
            report = run.get();
        } finally {
            EmbeddedServers.release(japan);
        }
        assertThat(report.run().status()).isEqualTo(RunStatus.INCOMPLETE);
        assertThat(report.regions().get("eu-central").provisioned()).isEqualTo(5);
        assertThat(report.regions().get("us-east").provisioned()).isEqualTo(5);
        BulkProvisioningService.RegionSummary japanSummary = report.regions().get("japan-east");
        assertThat(japanSummary.failed()).isPositive();
        assertThat(japanSummary.provisioned() + japanSummary.failed()).isEqualTo(30);
        assertThat(report.rows()).filteredOn(r -> r.state().equals(BulkRowState.FAILED))
                .allMatch(r -> r.error().orElse("").contains("japan-east"));

        BulkProvisioningService.Report resumed = bulk.resume(report.run().id(), Workers.LOCAL);

        assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.regions().get("japan-east").provisioned()).isEqualTo(30);
        RegionSql sql = new RegionSql(connections);
        for (int i = 0; i < 40; i++) {
            String region = i < 5 ? "eu-central" : i < 10 ? "us-east" : "japan-east";
            assertThat(registry.find("down_" + i).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
            assertThat(sql.count(region, "SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = ? "
                    + "AND event = 'TENANT_PROVISIONED'", "down_" + i)).as("down_" + i + " built once").isEqualTo(1);
        }
        assertValidatesWithFlyway("japan-east", "down_39");
    }

    private long activeIn(String region, List<String> slugs) {
        return registry.list(java.util.Optional.of(region)).stream()
                .filter(t -> slugs.contains(t.slug()) && t.status() == TenantStatus.ACTIVE).count();
    }

    private static String displayName(RegionSql sql, String region, String slug) {
        return sql.admin(region).sql("SELECT display_name FROM org_" + slug + ".organization").query(String.class).single();
    }

    private long controlPlaneCount(String query) {
        return new org.springframework.jdbc.core.JdbcTemplate(connections.dataSource(RegionConnections.CONTROL_PLANE))
                .queryForObject(query, Long.class);
    }

    private void assertValidatesWithFlyway(String region, String slug) {
        RegionEndpoint endpoint = connections.endpoint(region);
        var result = Flyway.configure().dataSource(new SimpleDriverDataSource(new org.postgresql.Driver(), endpoint.url(),
                endpoint.driverProperties())).schemas("org_" + slug).locations("classpath:sql/tenant").load()
                .validateWithResult();
        assertThat(result.validationSuccessful).as(slug + ": " + result.getAllErrorMessages()).isTrue();
    }
}
