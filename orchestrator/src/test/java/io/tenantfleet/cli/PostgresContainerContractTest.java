package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The provisioning contract on an ordinary PostgreSQL 17 server (Testcontainers {@code postgres:17}),
 * reached through a catalog like a user writes one. Runs where a Docker engine exists; skipped,
 * not failed, where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerContractTest {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17")
            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");

    @TempDir
    static Path dir;

    private int run(String... args) {
        return Main.run(new SpringContexts(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    @Test
    void provisionsIntoAnOrdinaryServerWithIsolatedRoles() throws Exception {
        Path catalog = dir.resolve("container.yml");
        Files.writeString(catalog, """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: local
                    database:
                      url: %s
                      user: %s
                control_plane:
                  tier: local
                  database: embedded
                """.formatted(POSTGRES.getJdbcUrl(), POSTGRES.getUsername()));
        String[] common = {"--catalog", catalog.toString(), "--data-dir", dir.resolve("data").toString()};

        for (String slug : new String[] {"tc_alpha", "tc_beta"}) {
            assertThat(run(concat(common, "provision", "--org", slug, "--name", "Org " + slug, "--region", "eu-central")))
                    .isZero();
        }

        try (Connection admin = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE tc_alpha_login LOGIN IN ROLE org_tc_alpha_app");
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM org_tc_alpha.flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getInt(1)).as("template migrations V1 to V3").isEqualTo(3);
            }
        }
        try (Connection app = DriverManager.getConnection(POSTGRES.getJdbcUrl(), "tc_alpha_login", "");
                Statement statement = app.createStatement()) {
            SQLException denied = null;
            try {
                statement.executeQuery("SELECT * FROM org_tc_beta.users").close();
            } catch (SQLException e) {
                denied = e;
            }
            assertThat(denied == null ? "no error" : denied.getSQLState()).isEqualTo("42501");
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
