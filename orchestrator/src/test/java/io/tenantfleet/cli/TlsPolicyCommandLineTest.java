package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.EmbeddedServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A production region whose catalog demands {@code tls: {mode: verify-full}}, pointed at a real
 * PostgreSQL 17 server without TLS (zonky embedded): the URL cannot lower the TLS mode, and
 * {@code provision} and {@code rollout apply} refuse to work in plaintext, leaving nothing behind.
 */
class TlsPolicyCommandLineTest {

    @TempDir
    static Path dir;

    static EmbeddedPostgres plaintextServer;

    @BeforeAll
    static void startAServerWithoutTls() throws Exception {
        plaintextServer = EmbeddedPostgres.builder().setServerConfig("ssl", "off").start();
    }

    @AfterAll
    static void stopIt() throws Exception {
        plaintextServer.close();
    }

    private static Path catalog(String name, String query) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: prod
                    database:
                      url: jdbc:postgresql://localhost:%d/postgres%s
                      user: postgres
                      tls: {mode: verify-full}
                control_plane:
                  tier: local
                  database: embedded
                """.formatted(plaintextServer.getPort(), query));
        return file;
    }

    private static CommandLineTest.Result inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new SpringContexts(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandLineTest.Result(exit, out.toString(), err.toString());
    }

    private static CommandLineTest.Result asOperator(String... args) throws Exception {
        return OperatorProcess.run(dir, List.of(), args);
    }

    @Test
    void aUrlThatLowersTheTlsModeIsRefusedBeforeAnythingConnects() throws Exception {
        Path bypass = catalog("bypass.yml", "?connectTimeout=5&sslmode=disable");

        CommandLineTest.Result validate = inProcess("catalog", "validate", bypass.toString());
        CommandLineTest.Result provision = inProcess("--catalog", bypass.toString(), "--data-dir",
                dir.resolve("data").toString(), "provision", "--org", "plain_text", "--name", "Plain", "--region", "eu-central");

        String expected = "error: " + bypass + ":6: regions.eu-central.database.url: driver parameter not allowed in the URL "
                + "(value 'sslmode'); remove it and set tls.mode under database (require, verify-ca or verify-full)";
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err().lines()).containsExactly(expected, "1 problem(s); the catalog is not valid");
        assertThat(provision.exit()).isEqualTo(2);
        assertThat(provision.err().lines()).containsExactly(expected);
        assertThat(dir.resolve("data").resolve("pg")).doesNotExist();
    }

    @Test
    void validatePrintsTheTlsModeTheConnectionUses() throws Exception {
        Path good = catalog("good.yml", "?connectTimeout=5");

        CommandLineTest.Result validate = inProcess("catalog", "validate", good.toString());

        assertThat(validate.exit()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("jdbc:postgresql://localhost:" + plaintextServer.getPort()
                + "/postgres?connectTimeout=5 (tls verify-full)");
    }

    @Test
    void provisionAndRolloutOnAVerifyFullRegionFailAgainstAServerWithoutTlsAndLeaveNothing() throws Exception {
        Path catalog = catalog("verify-full.yml", "");
        Path data = dir.resolve("verify-full-data");
        String[] common = {"--catalog", catalog.toString(), "--data-dir", data.toString()};

        CommandLineTest.Result provision = asOperator(concat(common, "provision", "--org", "tls_probe", "--name", "Probe",
                "--region", "eu-central"));
        CommandLineTest.Result rollout = asOperator(concat(common, "rollout", "apply"));

        assertThat(provision.exit()).as(provision.err()).isEqualTo(1);
        assertThat(provision.err().lines()).as(provision.err()).containsExactly("error: region eu-central is unavailable: "
                + "The server does not support SSL.; the catalog's tls.mode for this region requires TLS the server did "
                + "not give; enable TLS on the server or fix tls.mode and tls.root_cert in the catalog");
        assertThat(rollout.exit()).as(rollout.err()).isEqualTo(1);
        assertThat(rollout.err().lines()).as(rollout.err()).singleElement().asString()
                .startsWith("error: rollout not started, nothing migrated: region eu-central is unavailable: "
                        + "The server does not support SSL.");
        assertThat(count(plaintextServer.getPostgresDatabase(), "SELECT count(*) FROM pg_namespace "
                + "WHERE nspname IN ('org_tls_probe', 'fleet')")).isZero();
        assertThat(count(plaintextServer.getPostgresDatabase(), "SELECT count(*) FROM pg_roles "
                + "WHERE rolname LIKE 'org_tls_probe%'")).isZero();
        Path controlPlane = data.resolve("pg").resolve("control-plane");
        try {
            PGSimpleDataSource control = new PGSimpleDataSource();
            control.setUrl("jdbc:postgresql://localhost:" + EmbeddedServers.obtain(controlPlane, true).port() + "/postgres");
            control.setUser("postgres");
            assertThat(count(control, "SELECT count(*) FROM tenant")).isZero();
            assertThat(count(control, "SELECT count(*) FROM provisioning_history")).isZero();
            assertThat(count(control, "SELECT count(*) FROM rollout_run")).isZero();
        } finally {
            EmbeddedServers.stop(controlPlane);
        }
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
