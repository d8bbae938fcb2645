package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.TestPropertySource;

/** A rollout that touches a prod region runs only with the exact token its plan prints. */
@TestPropertySource(properties = "orchestrator.catalog=src/test/resources/catalogs/prod-eu.yml")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionConfirmationTest extends RolloutScenario {

    private static RolloutOptions confirmedWith(String token) {
        return new RolloutOptions(Optional.empty(), 1, List.of(), new Amount(100, true), new Amount(0, false), 2, List.of(),
                Optional.ofNullable(token));
    }

    @Test
    @Order(1)
    void requiresTheTokenThePlanPrintsForProductionRegions() throws Exception {
        provision("prod_eu", "eu-central");
        provision("dev_us", "us-east");
        addMigration("V4__add_risk_score.sql", RISK_SCORE);

        RolloutPlan plan = rollouts.plan(confirmedWith(null));
        String token = plan.confirmationToken().orElseThrow();

        assertThat(token).matches("MIGRATE-PRODUCTION-[0-9a-f]{8}");
        assertThat(plan.regions()).filteredOn(r -> r.region().id().equals("eu-central")).singleElement()
                .satisfies(r -> assertThat(r.server()).isEqualTo("embedded"));
        assertThatThrownBy(() -> rollouts.apply(confirmedWith(null)))
                .isInstanceOf(OrchestratorException.class)
                .hasMessage("this rollout touches production region(s) eu-central; review 'rollout plan' and pass --confirm "
                        + token)
                .extracting(e -> ((OrchestratorException) e).errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> rollouts.apply(confirmedWith("MIGRATE-PRODUCTION-00000000")))
                .hasMessageContaining("--confirm does not match the plan");
        assertThat(rollouts.run(Optional.empty())).isEmpty();
        assertThat(version("eu-central", "prod_eu")).isEqualTo("3");

        RolloutRun run = rollouts.apply(confirmedWith(token)).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(version("eu-central", "prod_eu")).isEqualTo("4");
    }

    @Test
    @Order(2)
    void needsNoTokenWhenOnlyNonProductionRegionsAreTouched() throws Exception {
        provision("dev_only", "us-east");
        addMigration("V5__add_channel.sql", "ALTER TABLE consents ADD COLUMN channel text;\n");
        assertThat(rollouts.plan(confirmedWith(null)).confirmationToken()).as("eu-central (prod) has V5 pending").isPresent();

        RolloutPlan plan = rollouts.plan(new RolloutOptions(Optional.empty(), 0, List.of(), new Amount(100, true),
                new Amount(0, false), 2, List.of("us-east"), Optional.empty()));

        assertThat(plan.pending()).extracting(PlannedTenant::slug).contains("dev_only");
        assertThat(plan.confirmationToken()).isEmpty();
    }
}
