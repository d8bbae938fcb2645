package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.support.CapturedStderr;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators see one line per event on stderr; stack traces only with --verbose. */
class OperatorOutputTest {

    @TempDir
    static Path dir;

    record Result(int exit, String out, String err, CapturedStderr logs) {}

    @BeforeAll
    static void quickTimeouts() {
        System.setProperty("orchestrator.connect-timeout-ms", "500");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("orchestrator.connect-timeout-ms");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (CapturedStderr logs = new CapturedStderr()) {
            int exit = Main.run(new SpringContexts(), new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Result(exit, out.toString(), err.toString(), logs);
        }
    }

    private static Path unreachableControlPlane() throws Exception {
        Path catalog = dir.resolve("down.yml");
        Files.writeString(catalog, """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: local
                    database: embedded
                control_plane:
                  tier: local
                  database:
                    url: jdbc:postgresql://127.0.0.1:1/tenant_fleet_control
                    user: tenant_fleet
                    tls: {mode: disable}
                """);
        return catalog;
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneErrorLineWithoutStackTrace() throws Exception {
        Result result = run("--catalog", unreachableControlPlane().toString(), "--data-dir", dir.toString(), "status");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1).allMatch(line -> line.startsWith("error: region control-plane is "
                + "unavailable") && line.contains("check that its server is up"));
        assertThat(result.logs().stackTraceLines()).isEmpty();
        assertThat(result.logs().text()).doesNotContain("Exception");
    }

    @Test
    void verbosePrintsTheStackTrace() throws Exception {
        Result result = run("--catalog", unreachableControlPlane().toString(), "--data-dir", dir.toString(), "status",
                "--verbose");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("error: region control-plane is unavailable").contains("\tat ")
                .contains("Caused by: ");
    }
}
