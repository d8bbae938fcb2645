package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.support.CapturedStderr;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A region whose server stops mid-rollout stays pending while the others finish; it completes once back. */
class RolloutRegionOutageTest extends RolloutScenario {

    @Autowired
    SchemaVersions versions;

    @Test
    void aRegionStoppedMidRolloutIsLeftPendingAndCompletedAfterItIsBack() throws Exception {
        List<String[]> tenants = List.of(new String[] {"out_eu1", "eu-central"}, new String[] {"out_eu2", "eu-central"},
                new String[] {"out_us1", "us-east"}, new String[] {"out_us2", "us-east"},
                new String[] {"out_jp1", "japan-east"}, new String[] {"out_jp2", "japan-east"},
                new String[] {"out_jp3", "japan-east"}, new String[] {"out_jp4", "japan-east"});
        for (String[] tenant : tenants) {
            provision(tenant[0], tenant[1]);
        }
        addMigration("V4__slow_add_risk_score.sql", "SELECT pg_sleep(0.3);\n" + RISK_SCORE);
        Path japan = connections.embeddedDataDir("japan-east");

        CapturedStderr stderr = new CapturedStderr();
        CompletableFuture<Optional<RolloutRun>> rollout = CompletableFuture.supplyAsync(
                () -> rollouts.apply(options(0, "100%", "0", 1, 1)));
        long deadline = System.currentTimeMillis() + 60_000;
        while (migrated("japan-east") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(25);
        }
        EmbeddedServers.holdDown(japan);
        RolloutRun run;
        try {
            run = rollout.get().orElseThrow();
        } finally {
            EmbeddedServers.release(japan);
            stderr.close();
        }
        assertThat(stderr.stackTraceLines()).as("operators get one line per event, not stack traces").isEmpty();
        assertThat(stderr.lines()).filteredOn(line -> line.contains("region japan-east is unavailable"))
                .hasSize(1).allMatch(line -> line.contains("stay pending") && line.contains("rollout resume"));

        assertThat(run.status()).as(run.haltReason().orElse("")).isEqualTo(RunStatus.INCOMPLETE);
        assertThat(run.haltReason()).hasValueSatisfying(reason -> assertThat(reason).matches("\\d+ tenants still pending "
                + "\\(region down or tenant busy\\); 'rollout resume " + run.id() + "' continues them"));
        Map<String, String> states = rollouts.tenants(run.id()).stream()
                .collect(Collectors.toMap(RolloutTenant::slug, t -> t.state().label()));
        assertThat(states).containsEntry("out_eu1", "done").containsEntry("out_eu2", "done")
                .containsEntry("out_us1", "done").containsEntry("out_us2", "done");
        assertThat(states.entrySet().stream().filter(e -> e.getKey().startsWith("out_jp")).map(Map.Entry::getValue))
                .contains("pending").doesNotContain("failed");

        RolloutRun resumed = rollouts.resume(run.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        for (String[] tenant : tenants) {
            assertThat(version(tenant[1], tenant[0])).as(tenant[0]).isEqualTo("4");
            assertThat(historyRows(tenant[1], tenant[0], "4")).as(tenant[0]).isEqualTo(1);
        }
    }

    private long migrated(String region) {
        return versions.read(region).values().stream().filter(v -> "4".equals(v.version())).count();
    }
}
