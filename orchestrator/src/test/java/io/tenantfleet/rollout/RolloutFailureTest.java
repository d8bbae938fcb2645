package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A failing canary stops everything; after the cause is fixed, resume completes without applying anything twice. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutFailureTest extends RolloutScenario {

    @Test
    @Order(1)
    void aFailingCanaryHaltsTheRunAndTouchesNothingElse() throws Exception {
        provision("canary_bad", "eu-central", "Canary Org [fail]");
        for (String slug : List.of("calm_eu", "calm_us", "calm_jp")) {
            provision(slug, slug.endsWith("eu") ? "eu-central" : slug.endsWith("us") ? "us-east" : "japan-east");
        }
        addMigration("V4__add_risk_score.sql", RISK_SCORE);
        RolloutOptions canary = new RolloutOptions(Optional.empty(), 1, List.of("canary_bad"), new Amount(100, true),
                new Amount(0, false), 2, List.of(), Optional.empty());

        RolloutRun run = rollouts.apply(canary).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.HALTED);
        assertThat(run.haltReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("the canary wave failed (canary_bad: ").contains("injected failure")
                .contains("nothing else was touched"));
        Map<String, String> states = rollouts.tenants(run.id()).stream()
                .collect(Collectors.toMap(RolloutTenant::slug, t -> t.state().label()));
        assertThat(states).containsEntry("canary_bad", "failed").containsEntry("calm_eu", "pending")
                .containsEntry("calm_us", "pending").containsEntry("calm_jp", "pending");
        assertThat(rollouts.tenants(run.id())).filteredOn(t -> t.slug().equals("canary_bad")).singleElement()
                .satisfies(t -> assertThat(t.lastError()).hasValueSatisfying(e -> assertThat(e).contains("injected failure")));
        assertThat(version("eu-central", "canary_bad")).isEqualTo("3");
        assertThat(version("eu-central", "calm_eu")).isEqualTo("3");
        assertThat(version("us-east", "calm_us")).isEqualTo("3");
        assertThat(version("japan-east", "calm_jp")).isEqualTo("3");
    }

    @Test
    @Order(2)
    void resumeAfterTheCauseIsFixedCompletesTheRunOnce() throws Exception {
        RolloutRun halted = rollouts.run(Optional.empty()).orElseThrow();
        updateAsOrganization("eu-central", "canary_bad", "UPDATE org_canary_bad.organization SET display_name = 'Canary Org'");

        RolloutRun resumed = rollouts.resume(halted.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        for (String[] tenant : new String[][] {{"canary_bad", "eu-central"}, {"calm_eu", "eu-central"},
                {"calm_us", "us-east"}, {"calm_jp", "japan-east"}}) {
            assertThat(version(tenant[1], tenant[0])).isEqualTo("4");
            assertThat(historyRows(tenant[1], tenant[0], "4")).isEqualTo(1);
        }
        assertThat(rollouts.tenants(halted.id())).filteredOn(t -> t.slug().equals("canary_bad")).singleElement()
                .satisfies(t -> assertThat(t.attempts()).isEqualTo(2));
    }
}
