package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.support.CapturedStderr;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code fleet} as an operator runs it, on real embedded PostgreSQL: the rows the metadata sync
 * would have written into eu-central (the catalog's first region) printed as a table or as JSON,
 * an unknown region refused with exit 2 and a region that cannot be reached reported in one line.
 */
class FleetCommandTest {

    @TempDir
    static Path dataDir;

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void aRegionThatReceivedFromTwoOthers() throws SQLException {
        System.setProperty("orchestrator.embedded-fast", "true");
        // provisioning brings eu-central's region SQL (and so cross_region_metadata) up to date
        Result provisioned = run("provision", "--org", "fleet_view_co", "--name", "Fleet View", "--region", "eu-central");
        assertThat(provisioned.exit()).as(provisioned.err()).isZero();
        execute("""
                INSERT INTO fleet.cross_region_metadata (source_region, destination_region, data_type, payload_version,
                       aggregated_data, last_sync) VALUES
                ('us-east', 'eu-central', 'region_summary', 1, '{"tenants": 124, "users_active": 1830, "users_deleted": 12,
                  "records_draft": 100, "records_in_progress": 20, "records_completed": 5000, "records_archived": 501,
                  "results_critical": 3, "results_high": 40, "results_medium": 200, "results_low": 900,
                  "storage_bytes": 1288490189, "last_activity_date": "2026-03-01", "suppressed_cells": 0}',
                  now() - interval '2 hours 5 minutes'),
                ('japan-east', 'eu-central', 'region_summary', 1, '{"tenants": 7, "records_draft": 40,
                  "records_completed": 9, "storage_bytes": 9000000000, "suppressed_cells": 9}', now() - interval '3 days 1 hour');
                INSERT INTO fleet.cross_region_metadata (source_region, destination_region, pseudonym, data_type, payload_version,
                       aggregated_data)
                SELECT s, 'eu-central', encode(sha256(convert_to(s || v || g, 'UTF8')), 'hex'), 'tenant_summary', 1,
                       jsonb_build_object('schema_version', v, 'storage_bytes', 8192)
                  FROM (VALUES ('us-east', '3', 120), ('us-east', '2', 4), ('japan-east', '3', 7)) t(s, v, n),
                       generate_series(1, n) g""");
    }

    @AfterAll
    static void stopServers() {
        for (String name : List.of("eu-central", "us-east", "control-plane")) {
            EmbeddedServers.stop(dataDir.resolve("fleet").resolve("pg").resolve(name));
        }
        System.clearProperty("orchestrator.embedded-fast");
    }

    static Result run(String... args) {
        return run(dataDir, args);
    }

    /** Runs the command line in this JVM with {@code <dir>/fleet} as its data directory. */
    static Result run(Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> withDataDir = new java.util.ArrayList<>(List.of("--data-dir", dir.resolve("fleet").toString()));
        withDataDir.addAll(List.of(args));
        try (CapturedStderr logs = new CapturedStderr()) {
            int exit = Main.run(new SpringContexts(), new PrintWriter(out, true), new PrintWriter(err, true),
                    withDataDir.toArray(String[]::new));
            return new Result(exit, out.toString(), err.toString());
        }
    }

    /** SQL on eu-central's server as its superuser, as the sync's upserts would reach it. */
    private static void execute(String sql) throws SQLException {
        EmbeddedServers.Server server = EmbeddedServers.obtain(dataDir.resolve("fleet").resolve("pg").resolve("eu-central"), true);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/postgres",
                "postgres", null); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void printsOneLinePerSourceRegionAndTheRegionsThatSentNothing() {
        Result result = run("fleet");

        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).startsWith("fleet view of eu-central at ").endsWith(", from its cross_region_metadata only");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "SOURCE      TENANTS  VERSIONS   USERS ACTIVE  RECORDS  STORAGE  LAST ACTIVITY  LAST SYNC",
                "japan-east  7        3:7        suppressed    49+      8.4 GiB  -              3d ago",
                "us-east     124      3:120 2:4  1830          5621     1.2 GiB  2026-03-01     2h ago",
                "131 tenant(s) in 2 source region(s); no data received from eu-central");
    }

    @Test
    void printsOneJsonDocumentWithSuppressedCountsAsNull() {
        Result result = run("fleet", "--region", "eu-central", "--output", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        String json = result.out();
        assertThat(JsonPath.<String>read(json, "$.format")).isEqualTo("tenant-fleet/fleet-view/1");
        assertThat(JsonPath.<String>read(json, "$.region")).isEqualTo("eu-central");
        assertThat(Instant.parse(JsonPath.read(json, "$.read_at"))).isBefore(Instant.now().plusSeconds(60));
        assertThat(JsonPath.<List<String>>read(json, "$.sources[*].region")).containsExactly("japan-east", "us-east");
        assertThat(JsonPath.<List<String>>read(json, "$.no_data")).containsExactly("eu-central");
        Map<String, Object> us = JsonPath.read(json, "$.sources[1]");
        assertThat(us).containsEntry("tenants", 124).containsEntry("users_active", 1830).containsEntry("records_archived", 501)
                .containsEntry("results_low", 900).containsEntry("storage_bytes", 1288490189)
                .containsEntry("last_activity_date", "2026-03-01").containsEntry("suppressed_cells", 0);
        assertThat(JsonPath.<Map<String, Object>>read(json, "$.sources[1].versions")).containsExactly(Map.entry("3", 120),
                Map.entry("2", 4));
        assertThat(((Number) us.get("last_sync_age_s")).longValue()).isBetween(7500L, 7560L);
        Map<String, Object> japan = JsonPath.read(json, "$.sources[0]");
        assertThat(japan).containsEntry("users_active", null).containsEntry("records_in_progress", null)
                .containsEntry("records_draft", 40).containsEntry("storage_bytes", 9_000_000_000L)
                .containsEntry("last_activity_date", null).containsEntry("suppressed_cells", 9);
        assertThat(json.lines()).hasSize(1);
    }

    @Test
    void aRegionWhoseRegionSqlCannotReceiveYetHasReceivedNothing() {
        Result result = run("fleet", "--region", "us-east");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).satisfiesExactly(
                first -> assertThat(first).startsWith("fleet view of us-east at ").endsWith(", from its cross_region_metadata "
                        + "only: nothing received, its region SQL has no cross_region_metadata of V9 yet"),
                last -> assertThat(last).isEqualTo("0 tenant(s) in 0 source region(s); no data received from eu-central, "
                        + "us-east, japan-east"));
    }

    @Test
    void refusesAnUnknownRegionWithExitTwoInOneLine() {
        Result result = run("fleet", "--region", "mars");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines()).containsExactly("error: unknown region 'mars' in region-config/local.yml; use one of "
                + "eu-central, us-east, japan-east");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aRegionThatCannotBeReachedIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("down.yml");
        Files.writeString(catalog, """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: local
                    database:
                      url: jdbc:postgresql://127.0.0.1:1/tenant_fleet
                      user: tenant_fleet
                      tls: {mode: disable}
                control_plane:
                  tier: local
                  database: embedded
                """);
        System.setProperty("orchestrator.connect-timeout-ms", "500");
        try {
            Result result = run("--catalog", catalog.toString(), "fleet");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err().lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("error: region eu-central is unavailable").contains("check that its server is up"));
        } finally {
            System.clearProperty("orchestrator.connect-timeout-ms");
        }
    }

    @Test
    void helpListsTheCommand() {
        assertThat(run("--help").out()).contains("fleet");
        assertThat(run("fleet", "--help").out()).contains("--region", "--output", "suppressed");
    }
}
