package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tenantfleet.region.EmbeddedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output json} of {@code status}, {@code rollout plan}, {@code rollout status}, {@code drift} and
 * {@code catalog validate} on a fleet the test builds on real embedded PostgreSQL: three tenants at
 * template version 3 in two regions, a V4 added to the template, the plan taken, the rollout applied,
 * then one tenant's schema edited by hand. Each document parses, names its format and carries the
 * figures of that fleet; exit codes are those of the text output.
 */
class ReadCommandsJsonTest {

    @TempDir
    static Path dataDir;

    static FleetCommandTest.Result plan;

    @BeforeAll
    static void threeTenantsMigratedToVersionFour() throws Exception {
        Path template = Files.createDirectories(dataDir.resolve("template"));
        System.setProperty("orchestrator.embedded-fast", "true");
        System.setProperty("orchestrator.tenant-template", "classpath:sql/tenant,filesystem:" + template);
        for (List<String> org : List.of(List.of("json_eu_one", "eu-central"), List.of("json_eu_two", "eu-central"),
                List.of("json_us_one", "us-east"))) {
            FleetCommandTest.Result provisioned = run("provision", "--org", org.get(0), "--name", "JSON", "--region",
                    org.get(1));
            assertThat(provisioned.exit()).as(provisioned.err()).isZero();
        }
        Files.writeString(template.resolve("V4__add_risk_score.sql"), "ALTER TABLE assessments ADD COLUMN risk_score integer;\n");
        plan = run("rollout", "plan", "--output", "json");
        FleetCommandTest.Result apply = run("rollout", "apply");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
    }

    @AfterAll
    static void stopServers() {
        for (String name : List.of("eu-central", "us-east", "japan-east", "control-plane")) {
            EmbeddedServers.stop(dataDir.resolve("fleet").resolve("pg").resolve(name));
        }
        System.clearProperty("orchestrator.embedded-fast");
        System.clearProperty("orchestrator.tenant-template");
    }

    static FleetCommandTest.Result run(String... args) {
        return FleetCommandTest.run(dataDir, args);
    }

    @Test
    void rolloutPlanListsThePendingTenantsPerRegion() {
        assertThat(plan.exit()).as(plan.err()).isZero();
        String json = plan.out();
        assertThat(json.lines()).hasSize(1);
        assertThat(JsonPath.<String>read(json, "$.format")).isEqualTo("tenant-fleet/rollout-plan/1");
        assertThat(JsonPath.<String>read(json, "$.target_version")).isEqualTo("4");
        assertThat(JsonPath.<Integer>read(json, "$.pending")).isEqualTo(3);
        assertThat(JsonPath.<List<String>>read(json, "$.regions[*].region")).containsExactly("eu-central", "us-east",
                "japan-east");
        assertThat(JsonPath.<List<String>>read(json, "$.regions[0].pending[*].org"))
                .containsExactlyInAnyOrder("json_eu_one", "json_eu_two");
        assertThat(JsonPath.<List<String>>read(json, "$.regions[1].pending[*].org")).containsExactly("json_us_one");
        assertThat(JsonPath.<List<Object>>read(json, "$.regions[2].pending")).isEmpty();
        assertThat(JsonPath.<Map<String, Integer>>read(json, "$.regions[0].versions")).containsExactly(Map.entry("3", 2));
        assertThat(JsonPath.<List<String>>read(json, "$.regions[*].pending[*].from_version")).containsOnly("3");
        assertThat(JsonPath.<List<String>>read(json, "$.files_by_from_version.3")).containsExactly("V4__add_risk_score.sql");
        assertThat(JsonPath.<Object>read(json, "$.confirmation_token")).isNull();
    }

    @Test
    void statusListsEveryTenantWithItsVersionAndLatestRollout() {
        FleetCommandTest.Result status = run("status", "--output", "json");

        assertThat(status.exit()).as(status.err()).isZero();
        String json = status.out();
        assertThat(JsonPath.<String>read(json, "$.format")).isEqualTo("tenant-fleet/status/1");
        assertThat(JsonPath.<Integer>read(json, "$.count")).isEqualTo(3);
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].org"))
                .containsExactlyInAnyOrder("json_eu_one", "json_eu_two", "json_us_one");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].status")).containsOnly("ACTIVE");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].schema_version")).containsOnly("4");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].last_rollout.state")).containsOnly("done");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].last_rollout.to_version")).containsOnly("4");
        assertThat(Instant.parse(JsonPath.read(json, "$.tenants[0].updated_at"))).isBefore(Instant.now().plusSeconds(60));
        assertThat(JsonPath.<String>read(json, "$.tenants[0].updated_at")).endsWith("Z");

        FleetCommandTest.Result us = run("status", "--region", "us-east", "--output", "json");
        assertThat(JsonPath.<String>read(us.out(), "$.region")).isEqualTo("us-east");
        assertThat(JsonPath.<List<String>>read(us.out(), "$.tenants[*].org")).containsExactly("json_us_one");
    }

    @Test
    void rolloutStatusListsEveryTenantAndEachRegionsCounts() {
        FleetCommandTest.Result status = run("rollout", "status", "--output", "json");

        assertThat(status.exit()).as(status.err()).isZero();
        String json = status.out();
        assertThat(JsonPath.<String>read(json, "$.format")).isEqualTo("tenant-fleet/rollout-run/1");
        assertThat(JsonPath.<String>read(json, "$.status")).isEqualTo("COMPLETED");
        assertThat(JsonPath.<String>read(json, "$.target_version")).isEqualTo("4");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].org"))
                .containsExactlyInAnyOrder("json_eu_one", "json_eu_two", "json_us_one");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].state")).containsOnly("done");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].from_version")).containsOnly("3");
        assertThat(JsonPath.<List<String>>read(json, "$.summary[*].region")).containsExactly("eu-central", "us-east");
        assertThat(JsonPath.<Map<String, Object>>read(json, "$.summary[0]")).containsEntry("done", 2).containsEntry("failed", 0);
        assertThat(JsonPath.<Map<String, Object>>read(json, "$.summary[1]")).containsEntry("done", 1);
        Instant.parse(JsonPath.read(json, "$.created_at"));

        FleetCommandTest.Result unknown = run("rollout", "status", "999", "--output", "json");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err().lines()).singleElement().asString().startsWith("error: no rollout run 999");
    }

    @Test
    void driftListsTheTenantEditedByHandAndExitsOne() throws SQLException {
        FleetCommandTest.Result clean = run("drift", "--output", "json");
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(JsonPath.<Integer>read(clean.out(), "$.checked")).isEqualTo(3);
        assertThat(JsonPath.<Integer>read(clean.out(), "$.drifted")).isZero();

        execute("us-east", "ALTER TABLE org_json_us_one.assessments DROP COLUMN risk_score");
        FleetCommandTest.Result drift = run("drift", "--output", "json");

        assertThat(drift.exit()).isEqualTo(1);
        String json = drift.out();
        assertThat(JsonPath.<String>read(json, "$.format")).isEqualTo("tenant-fleet/drift/1");
        assertThat(JsonPath.<List<String>>read(json, "$.regions")).containsExactly("eu-central", "us-east", "japan-east");
        assertThat(JsonPath.<Integer>read(json, "$.checked")).isEqualTo(3);
        assertThat(JsonPath.<Integer>read(json, "$.drifted")).isEqualTo(1);
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].org")).containsExactly("json_us_one");
        assertThat(JsonPath.<String>read(json, "$.tenants[0].version")).isEqualTo("4");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[0].differences")).anyMatch(d -> d.contains("risk_score"));
    }

    @Test
    void catalogValidateDescribesAGoodCatalogAndListsTheProblemsOfABadOne(@TempDir Path dir) throws Exception {
        FleetCommandTest.Result good = run("catalog", "validate", "--output", "json");

        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.err()).isEmpty();
        assertThat(JsonPath.<String>read(good.out(), "$.format")).isEqualTo("tenant-fleet/catalog-validation/1");
        assertThat(JsonPath.<Boolean>read(good.out(), "$.valid")).isTrue();
        assertThat(JsonPath.<List<String>>read(good.out(), "$.regions[*].id")).containsExactly("eu-central", "us-east",
                "japan-east");
        assertThat(JsonPath.<List<String>>read(good.out(), "$.regions[0].jurisdictions")).containsExactly("GDPR");
        assertThat(JsonPath.<String>read(good.out(), "$.control_plane.kind")).isEqualTo("embedded");
        assertThat(JsonPath.<List<Object>>read(good.out(), "$.problems")).isEmpty();

        Path catalog = dir.resolve("bad.yml");
        Files.writeString(catalog, "regions:\n  eu-central:\n    jurisdictions: [GDPR]\n    retention_days: 5000\n"
                + "    database: embedded\n");
        FleetCommandTest.Result bad = run("catalog", "validate", catalog.toString(), "--output", "json");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("error: " + catalog + ":4: regions.eu-central.retention_days");
        assertThat(JsonPath.<Boolean>read(bad.out(), "$.valid")).isFalse();
        assertThat(JsonPath.<List<Object>>read(bad.out(), "$.regions")).isEmpty();
        assertThat(JsonPath.<Integer>read(bad.out(), "$.problems[0].line")).isEqualTo(4);
        assertThat(JsonPath.<String>read(bad.out(), "$.problems[0].path")).isEqualTo("regions.eu-central.retention_days");
    }

    /** SQL on a region's server as its superuser: an operator's hand edit. */
    private static void execute(String region, String sql) throws SQLException {
        EmbeddedServers.Server server = EmbeddedServers.obtain(dataDir.resolve("fleet").resolve("pg").resolve(region), true);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/postgres",
                "postgres", null); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
