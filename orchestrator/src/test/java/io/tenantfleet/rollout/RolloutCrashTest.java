package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The orchestrator is killed with SIGKILL in the middle of a wave, in a process of its own, as an
 * operator's process dies; {@code rollout resume} then finishes the fleet with no tenant skipped
 * and none migrated twice.
 */
class RolloutCrashTest extends RolloutScenario {

    @Value("${orchestrator.data-dir}")
    String dataDir;

    @Test
    void resumeAfterAKilledRunCompletesEveryTenantExactlyOnce() throws Exception {
        List<String[]> tenants = provisionFourPerRegion("crash_");
        addMigration("V4__slow_add_risk_score.sql", "SELECT pg_sleep(0.25);\n" + RISK_SCORE);
        stopOurServers();

        Process child = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                "-Dorchestrator.tenant-template=" + templateLocations, "-Dorchestrator.embedded-fast=true",
                "io.tenantfleet.cli.Main", "--data-dir", Path.of(dataDir).toAbsolutePath().toString(),
                "rollout", "apply", "--canary", "1", "--wave-size", "100%", "--parallel-per-region", "1", "--batch-size", "1")
                .redirectErrorStream(true).start();
        waitForCanary(child);
        Thread.sleep(400);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        connections.dataSource(RegionConnections.CONTROL_PLANE);
        RolloutRun interrupted = rollouts.run(Optional.empty()).orElseThrow();
        assertThat(interrupted.status()).isEqualTo(RunStatus.RUNNING);
        long migratedBeforeResume = tenants.stream().filter(t -> version(t[1], t[0]).equals("4")).count();
        assertThat(migratedBeforeResume).isBetween(1L, 11L);

        RolloutRun resumed = rollouts.resume(interrupted.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rollouts.tenants(resumed.id())).hasSize(12).allSatisfy(t -> assertThat(t.state()).isEqualTo(RolloutState.DONE));
        for (String[] tenant : tenants) {
            assertThat(version(tenant[1], tenant[0])).as(tenant[0]).isEqualTo("4");
            assertThat(historyRows(tenant[1], tenant[0], "4")).as(tenant[0]).isEqualTo(1);
            assertThat(ledgerMigrations(tenant[1], tenant[0], "4")).as(tenant[0]).isEqualTo(1);
        }
    }

    /** Hands the data directories to the child process: its servers are its own until it dies. */
    private void stopOurServers() {
        EmbeddedServers.stop(connections.embeddedDataDir(RegionConnections.CONTROL_PLANE));
        for (String region : List.of("eu-central", "us-east", "japan-east")) {
            EmbeddedServers.stop(connections.embeddedDataDir(region));
        }
    }

    private static void waitForCanary(Process child) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.currentTimeMillis() + 120_000;
        String line;
        while ((line = output.readLine()) != null && System.currentTimeMillis() < deadline) {
            seen.append(line).append('\n');
            if (line.contains("wave 0/")) {
                Thread drain = new Thread(() -> output.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("the child rollout never finished its canary wave:\n" + seen);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
