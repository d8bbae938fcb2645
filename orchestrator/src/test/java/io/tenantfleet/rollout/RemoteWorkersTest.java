package io.tenantfleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.EmbeddedFleet;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.CapturedStderr;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * Remote partitioning with real worker JVMs: this test's process is the manager and keeps the
 * embedded fleet up ({@code orchestrator up}'s mechanism), two {@code orchestrator worker}
 * processes take the partitions through the control plane's queue. One worker is killed with
 * SIGKILL mid-run: the run ends incomplete, resuming it finishes the fleet, and no tenant is
 * migrated twice or skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {"orchestrator.fleet.worker-wait-s=3", "orchestrator.fleet.poll-interval-ms=100"})
class RemoteWorkersTest extends RolloutScenario {

    @Value("${orchestrator.data-dir}")
    String dataDir;
    @Autowired
    EmbeddedFleet fleet;

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void twoWorkersRunThePartitionsAndAKilledOneIsResumedWithoutRunningAnyTenantTwice() throws Exception {
        List<String[]> tenants = provisionFourPerRegion("remote_");
        fleet.up();
        Process first = startWorker("worker-a");
        Process second = startWorker("worker-b");
        // added after the workers started, as a release adds it to a running fleet: workers must read it
        addMigration("V4__slow_add_risk_score.sql", "SELECT pg_sleep(0.6);\n" + RISK_SCORE);

        CompletableFuture<Optional<RolloutRun>> applying = CompletableFuture.supplyAsync(() -> rollouts.apply(
                remote(options(1, "100%", "100%", 2, 1))));
        waitUntilRunning("worker-a");
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RolloutRun interrupted = applying.get(180, TimeUnit.SECONDS).orElseThrow();

        assertThat(interrupted.status()).isEqualTo(RunStatus.INCOMPLETE);
        assertThat(claims("worker-a")).isPositive();
        assertThat(claims("worker-b")).isPositive();
        assertThat(rollouts.tenants(interrupted.id())).anySatisfy(t -> assertThat(t.state()).isNotEqualTo(RolloutState.DONE));

        RolloutRun resumed = rollouts.resume(interrupted.id(), Workers.REMOTE);

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rollouts.tenants(resumed.id())).hasSize(12).allSatisfy(t -> assertThat(t.state()).isEqualTo(RolloutState.DONE));
        for (String[] tenant : tenants) {
            assertThat(version(tenant[1], tenant[0])).as(tenant[0]).isEqualTo("4");
            assertThat(historyRows(tenant[1], tenant[0], "4")).as(tenant[0]).isEqualTo(1);
            assertThat(ledgerMigrations(tenant[1], tenant[0], "4")).as(tenant[0]).isEqualTo(1);
        }
        assertThat(second.isAlive()).isTrue();
    }

    @Test
    @Order(2)
    void aWorkerThatAlreadyReadTheTemplateMigratesToAVersionAddedAfterwards() throws Exception {
        provision("remote_late", "us-east");
        fleet.up();
        startWorker("worker-c");
        addMigration("V5__add_note_four.sql", "ALTER TABLE assessments ADD COLUMN note_four text;");
        assertThat(rollouts.apply(remote(options(0, "100%", "0", 1, 4))).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        addMigration("V6__add_note_five.sql", "ALTER TABLE assessments ADD COLUMN note_five text;");

        RolloutRun run = rollouts.apply(remote(options(0, "100%", "0", 1, 4))).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(version("us-east", "remote_late")).isEqualTo("6");
        assertThat(historyRows("us-east", "remote_late", "6")).isEqualTo(1);
        assertThat(sql().count("us-east", "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                + "'org_remote_late' AND column_name = 'note_five'")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void withoutAWorkerTheWaveFailsAfterTheWaitWithAClearLine() throws Exception {
        provision("lonely_tenant", "eu-central");
        String before = version("eu-central", "lonely_tenant");
        addMigration("V7__add_note.sql", "ALTER TABLE assessments ADD COLUMN note_v3 text;");
        RolloutRun run;
        try (CapturedStderr stderr = new CapturedStderr()) {
            run = rollouts.apply(remote(options(0, "100%", "0", 1, 1))).orElseThrow();
            assertThat(stderr.text()).contains("no worker took it: none was alive for 3 s; start 'orchestrator worker'");
        }
        assertThat(run.status()).isNotEqualTo(RunStatus.COMPLETED);
        assertThat(version("eu-central", "lonely_tenant")).isEqualTo(before);
    }

    private static RolloutOptions remote(RolloutOptions o) {
        return new RolloutOptions(o.target(), o.canaryCount(), o.canaryTenants(), o.waveSize(), o.maxFailures(),
                o.parallelPerRegion(), o.regions(), o.confirm(), o.batchSize(), Workers.REMOTE);
    }

    private Process startWorker(String id) throws Exception {
        Process worker = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "-Dorchestrator.tenant-template=" + templateLocations,
                "-Dorchestrator.embedded-fast=true", "io.tenantfleet.cli.Main",
                "--data-dir", Path.of(dataDir).toAbsolutePath().toString(), "worker", "--threads", "2", "--id", id)
                .redirectErrorStream(true).start();
        workers.add(worker);
        BufferedReader output = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("worker " + id + " ready")) {
                Thread drain = new Thread(() -> output.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return worker;
            }
        }
        throw new AssertionError("worker " + id + " did not start:\n" + seen);
    }

    /** Waits until the worker is running a partition of the wave after the canary. */
    private void waitUntilRunning(String workerId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (sql().count(RegionConnections.CONTROL_PLANE, "SELECT count(*) FROM fleet_partition_claim c "
                    + "JOIN batch_step_execution s USING (step_execution_id) WHERE c.worker_id = ? AND s.status = 'STARTED' "
                    + "AND s.step_name LIKE '%.w1.%'", workerId) > 0) {
                Thread.sleep(300);
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(workerId + " never ran a partition of wave 1");
    }

    private long claims(String workerId) {
        return sql().count(RegionConnections.CONTROL_PLANE, "SELECT count(*) FROM fleet_partition_claim WHERE worker_id = ?",
                workerId);
    }
}
