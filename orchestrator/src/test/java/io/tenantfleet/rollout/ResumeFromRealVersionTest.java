package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.RegionEndpoint;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A run resumed after a halt starts each unfinished tenant from the version its schema has now,
 * not the one planned: a tenant migrated part of the way by hand meanwhile gets only the rest,
 * and the ledger says where it started.
 */
class ResumeFromRealVersionTest extends RolloutScenario {

    @Test
    void resumeStartsUnfinishedTenantsFromTheirRealVersion() throws Exception {
        provision("halts_all", "eu-central", "Halting Org [fail]");
        provision("by_hand", "us-east");
        addMigration("V4__add_risk_score.sql", RISK_SCORE);
        addMigration("V5__add_notes.sql", "ALTER TABLE assessments ADD COLUMN notes text;\n");
        RolloutOptions canaryFirst = new RolloutOptions(Optional.empty(), 1, List.of("halts_all"), new Amount(100, true),
                new Amount(0, false), 1, List.of(), Optional.empty());
        RolloutRun halted = rollouts.apply(canaryFirst).orElseThrow();
        assertThat(halted.status()).isEqualTo(RunStatus.HALTED);
        RegionEndpoint endpoint = connections.endpoint("us-east");
        Flyway.configure().dataSource(endpoint.url(), endpoint.user(), null).schemas("org_by_hand")
                .locations(templateLocations.split(",")).target("4").load().migrate();
        updateAsOrganization("eu-central", "halts_all", "UPDATE org_halts_all.organization SET display_name = 'Halting Org'");

        RolloutRun resumed = rollouts.resume(halted.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rollouts.tenants(halted.id())).filteredOn(t -> t.slug().equals("by_hand")).singleElement()
                .satisfies(t -> {
                    assertThat(t.state()).isEqualTo(RolloutState.DONE);
                    assertThat(t.fromVersion()).isEqualTo("4");
                    assertThat(t.fromRank()).isEqualTo((int) sql().count("us-east",
                            "SELECT installed_rank FROM org_by_hand.flyway_schema_history WHERE version = '4'"));
                });
        assertThat(version("us-east", "by_hand")).isEqualTo("5");
        assertThat(historyRows("us-east", "by_hand", "4")).isEqualTo(1);
        assertThat(historyRows("us-east", "by_hand", "5")).isEqualTo(1);
        assertThat(version("eu-central", "halts_all")).isEqualTo("5");
    }
}
