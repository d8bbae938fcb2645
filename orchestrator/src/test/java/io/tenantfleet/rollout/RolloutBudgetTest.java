package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A wave whose failures pass the budget halts the rollout; what was migrated stays migrated, even
 * a tenant that shared its batch (one round trip, one commit) with a tenant that failed.
 */
class RolloutBudgetTest extends RolloutScenario {

    @Test
    void aWavePastItsFailureBudgetHaltsBeforeTheNextWave() throws Exception {
        // eu-central: a1 a2 a3 a4; wave size 2 per region gives wave 1 = {a1, a2}, wave 2 = {a3, a4}
        provision("budget_a1", "eu-central", "A1 [fail]");
        provision("budget_a2", "eu-central");
        provision("budget_a3", "eu-central");
        provision("budget_a4", "eu-central");
        provision("budget_u1", "us-east");
        provision("budget_u2", "us-east");
        provision("budget_u3", "us-east");
        addMigration("V4__add_risk_score.sql", RISK_SCORE);

        RolloutRun run = rollouts.apply(options(0, "2", "0", 1)).orElseThrow();

        assertThat(run.haltReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("wave 1 had 1 failures, over the budget of 0").contains("later waves were not started"));
        Map<String, String> states = rollouts.tenants(run.id()).stream()
                .collect(Collectors.toMap(RolloutTenant::slug, t -> t.wave() + ":" + t.state()));
        assertThat(run.status()).isEqualTo(RunStatus.HALTED);
        assertThat(states).containsEntry("budget_a1", "1:failed").containsEntry("budget_a2", "1:done")
                .containsEntry("budget_u1", "1:done").containsEntry("budget_u2", "1:done")
                .containsEntry("budget_a3", "2:pending").containsEntry("budget_a4", "2:pending")
                .containsEntry("budget_u3", "2:pending");
        assertThat(version("us-east", "budget_u1")).isEqualTo("4");
        assertThat(version("eu-central", "budget_a2")).isEqualTo("4");
        assertThat(version("eu-central", "budget_a1")).isEqualTo("3");
        assertThat(historyRows("eu-central", "budget_a1", "4")).isZero();
        assertThat(sql().count("eu-central", "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                + "'org_budget_a1' AND column_name = 'risk_score'")).isZero();
        assertThat(version("us-east", "budget_u3")).isEqualTo("3");
        assertThat(version("eu-central", "budget_a3")).isEqualTo("3");
        assertThat(registry.find("budget_u1").orElseThrow().schemaVersion()).contains("4");
    }
}
