package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tunables (retries, waits, pool sizes) are validated settings: a bad one is one line and exit 2. */
class SettingsValidationTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @CsvSource({
            "orchestrator.resilience.attempts, 0, must be greater than or equal to 1",
            "orchestrator.resilience.breaker-open-seconds, 99999, must be less than or equal to 3600",
            "orchestrator.fleet.worker-wait-s, 0, must be greater than or equal to 1",
            "orchestrator.fleet.poll-interval-ms, 5, must be greater than or equal to 20",
            "orchestrator.region-pool-size, 0, must be greater than or equal to 1"})
    void aSettingOutOfItsRangeIsOneLineNamingItAndExitTwo(String property, String value, String rule) {
        StringWriter err = new StringWriter();
        System.setProperty(property, value);
        int exit;
        try {
            exit = Main.run(new SpringContexts(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    "--data-dir", dataDir.toString(), "status");
        } finally {
            System.clearProperty(property);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().isEqualTo("error: invalid setting " + property + "=" + value
                + ": " + rule + "; fix it where it is set (-D" + property + ", application properties, or the environment)");
        assertThat(dataDir.resolve("pg")).doesNotExist();
    }
}
