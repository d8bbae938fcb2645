package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.EmbeddedServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sync} as an operator runs it, each command in its own Spring context on real embedded
 * PostgreSQL: the dry run's JSON names every destination and whether it may receive, a run's JSON
 * and {@code sync status} agree, the fleet view of japan-east then shows both senders, and bad
 * input (an unknown region, an unknown run) is one line with exit 2.
 */
class SyncCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void twoOrganizations() {
        System.setProperty("orchestrator.embedded-fast", "true");
        for (List<String> org : List.of(List.of("sync_cli_eu", "eu-central"), List.of("sync_cli_jp", "japan-east"))) {
            FleetCommandTest.Result provisioned = run("provision", "--org", org.get(0), "--name", "Sync CLI", "--region",
                    org.get(1));
            assertThat(provisioned.exit()).as(provisioned.err()).isZero();
        }
    }

    @AfterAll
    static void stopServers() {
        for (String name : List.of("eu-central", "us-east", "japan-east", "control-plane")) {
            EmbeddedServers.stop(dataDir.resolve("fleet").resolve("pg").resolve(name));
        }
        System.clearProperty("orchestrator.embedded-fast");
    }

    static FleetCommandTest.Result run(String... args) {
        return FleetCommandTest.run(dataDir, args);
    }

    @Test
    void theDryRunSaysWhatEachDestinationWouldReceive() {
        FleetCommandTest.Result dry = run("sync", "--dry-run", "--regions", "eu-central", "--output", "json");

        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(JSON.readTree(dry.out()).get("format").asString()).isEqualTo("tenant-fleet/sync-dry-run/1");
        JsonNode transfers = JSON.readTree(dry.out()).get("transfers");
        assertThat(transfers).hasSize(3);
        Map<String, JsonNode> byDestination = new java.util.HashMap<>();
        transfers.forEach(t -> byDestination.put(t.get("destination").asString(), t));
        assertThat(byDestination.get("us-east").get("allowed").asBoolean()).isFalse();
        assertThat(byDestination.get("us-east").get("rule").asString()).contains("GDPR (eu-central) does not list");
        assertThat(byDestination.get("us-east").has("tenants")).as("nothing shown for a forbidden destination").isFalse();
        assertThat(byDestination.get("japan-east").get("allowed").asBoolean()).isTrue();
        assertThat(byDestination.get("japan-east").get("region_summary").get("tenants").asLong()).isEqualTo(1);
        assertThat(byDestination.get("japan-east").get("tenants").propertyNames()).singleElement()
                .satisfies(pseudonym -> assertThat(pseudonym).matches("[0-9a-f]{64}"));
    }

    @Test
    void aRunAndItsStatusAgreeAndTheFleetViewShowsTheSenders() {
        FleetCommandTest.Result sync = run("sync", "--output", "json");
        assertThat(sync.exit()).as(sync.err()).isZero();
        JsonNode run = JSON.readTree(sync.out());
        assertThat(run.get("format").asString()).isEqualTo("tenant-fleet/sync-run/1");
        assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(run.get("key_fingerprint").asString()).matches("[0-9a-f]{16}");

        FleetCommandTest.Result status = run("sync", "status", "--output", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(JSON.readTree(status.out())).isEqualTo(run);

        FleetCommandTest.Result fleet = run("fleet", "--region", "japan-east", "--output", "json");
        assertThat(fleet.exit()).as(fleet.err()).isZero();
        JsonNode sources = JSON.readTree(fleet.out()).get("sources");
        assertThat(sources).extracting(s -> s.get("region").asString()).contains("eu-central", "japan-east", "us-east");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        FleetCommandTest.Result region = run("sync", "--regions", "eu-central,nowhere");
        assertThat(region.exit()).isEqualTo(2);
        assertThat(region.err().strip()).doesNotContain("\n").contains("unknown region 'nowhere' in --regions");

        FleetCommandTest.Result resume = run("sync", "resume", "999");
        assertThat(resume.exit()).isEqualTo(2);
        assertThat(resume.err().strip()).doesNotContain("\n").contains("no sync run 999");
    }
}
