package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout plan} and {@code drift} change nothing: against a region whose login may only
 * read (an ordinary PostgreSQL server, role with {@code pg_read_all_data}), they work, say what
 * is out of date instead of bringing it up to date, and a region carrying region SQL newer than
 * this orchestrator's is refused.
 */
class ReadOnlyRegionTest {

    @TempDir
    static Path dir;

    static EmbeddedPostgres region;

    @BeforeAll
    static void startARegionServer() throws Exception {
        region = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopIt() throws Exception {
        region.close();
    }

    private static Path catalog(String user) throws Exception {
        Path file = dir.resolve(user + ".yml");
        Files.writeString(file, """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: local
                    database:
                      url: jdbc:postgresql://localhost:%d/postgres
                      user: %s
                      tls: {mode: disable}
                control_plane:
                  tier: local
                  database: embedded
                """.formatted(region.getPort(), user));
        return file;
    }

    private static CommandLineTest.Result as(String user, String... command) throws Exception {
        Path template = Files.createDirectories(dir.resolve("template"));
        List<String> args = new java.util.ArrayList<>(List.of("--catalog", catalog(user).toString(), "--data-dir",
                dir.resolve("data").toString()));
        args.addAll(List.of(command));
        return OperatorProcess.run(dir, List.of("-Dorchestrator.tenant-template=classpath:sql/tenant,filesystem:" + template),
                args.toArray(String[]::new));
    }

    @Test
    void planAndDriftWorkWithAReadOnlyLoginAndChangeNothing() throws Exception {
        CommandLineTest.Result provisioned = as("postgres", "provision", "--org", "read_only_co", "--name", "RO",
                "--region", "eu-central");
        assertThat(provisioned.exit()).as(provisioned.err()).isZero();
        execute("CREATE ROLE fleet_reader LOGIN; GRANT pg_read_all_data, fleet_auditor TO fleet_reader");
        String lastRegionSql = query("SELECT max(version::int)::text FROM fleet.fleet_schema_history WHERE version IS NOT NULL");
        // Taken out of the history (its objects stay) and put back afterwards: a V file need not be
        // one that can run twice, and the next test migrates this region again.
        execute("CREATE TABLE public.region_sql_taken_out AS SELECT * FROM fleet.fleet_schema_history WHERE version = '"
                + lastRegionSql + "'; DELETE FROM fleet.fleet_schema_history WHERE version = '" + lastRegionSql + "'");
        try {
            Files.writeString(dir.resolve("template").resolve("V4__add_risk_score.sql"),
                    "ALTER TABLE assessments ADD COLUMN risk_score integer;\n");
            String before = snapshot();

            CommandLineTest.Result plan = as("fleet_reader", "rollout", "plan");
            CommandLineTest.Result drift = as("fleet_reader", "drift");

            assertThat(plan.exit()).as(plan.err()).isZero();
            assertThat(plan.out()).contains("note eu-central: region SQL at V" + (Integer.parseInt(lastRegionSql) - 1)
                    + "; V" + lastRegionSql + " pending");
            assertThat(plan.out()).containsPattern("eu-central .*\\b1\\b");
            assertThat(drift.exit()).as(drift.out() + drift.err()).isZero();
            assertThat(snapshot()).as("nothing changed on the region").isEqualTo(before);
        } finally {
            execute("INSERT INTO fleet.fleet_schema_history SELECT * FROM public.region_sql_taken_out; "
                    + "DROP TABLE public.region_sql_taken_out");
        }
    }

    @Test
    void aRegionWithNewerRegionSqlIsRefused() throws Exception {
        CommandLineTest.Result provisioned = as("postgres", "provision", "--org", "newer_sql_co", "--name", "New",
                "--region", "eu-central");
        assertThat(provisioned.exit()).as(provisioned.err()).isZero();
        execute("INSERT INTO fleet.fleet_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, execution_time, success) SELECT max(installed_rank) + 1, '999', 'from the future', 'SQL', "
                + "'V999__from_the_future.sql', 0, 'postgres', 0, true FROM fleet.fleet_schema_history");
        try {
            CommandLineTest.Result plan = as("postgres", "rollout", "plan");

            assertThat(plan.exit()).isEqualTo(1);
            assertThat(plan.err().lines()).singleElement().asString().contains("region eu-central has region SQL V999, "
                    + "newer than this orchestrator's").contains("nothing was changed");
        } finally {
            execute("DELETE FROM fleet.fleet_schema_history WHERE version = '999'");
        }
    }

    /** The region's schemas, roles and region SQL history, as one comparable text. */
    private static String snapshot() throws SQLException {
        return query("SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace") + "|"
                + query("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles") + "|"
                + query("SELECT string_agg(version || script, ',' ORDER BY installed_rank) FROM fleet.fleet_schema_history");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = region.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = region.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
