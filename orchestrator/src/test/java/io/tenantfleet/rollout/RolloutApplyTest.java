package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.RegionEndpoint;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutApplyTest extends RolloutScenario {

    static final List<String[]> TENANTS = List.of(new String[] {"apply_eu1", "eu-central"},
            new String[] {"apply_eu2", "eu-central"}, new String[] {"apply_us1", "us-east"},
            new String[] {"apply_us2", "us-east"}, new String[] {"apply_jp1", "japan-east"},
            new String[] {"apply_jp2", "japan-east"});

    @Test
    @Order(1)
    void planShowsPendingTenantsWavesAndFilesAndChangesNothing() throws Exception {
        for (String[] tenant : TENANTS) {
            provision(tenant[0], tenant[1]);
        }
        addMigration("V4__add_risk_score.sql", RISK_SCORE);
        long ledgerBefore = sql().count("eu-central", "SELECT count(*) FROM fleet.residency_ledger");

        RolloutPlan plan = rollouts.plan(options(1, "1", "0", 2));
        RolloutPlan again = rollouts.plan(options(1, "1", "0", 2));

        assertThat(plan.target().text()).isEqualTo("4");
        assertThat(plan.pendingCount()).isEqualTo(6);
        assertThat(plan.waves()).isEqualTo(3);
        assertThat(plan.pending()).filteredOn(t -> t.wave() == 0).hasSize(1);
        assertThat(plan.filesFrom(TemplateVersion.parse("3"))).containsExactly("V4__add_risk_score.sql");
        assertThat(plan.regions()).allSatisfy(r -> assertThat(r.versions()).containsEntry("3", 2));
        assertThat(plan.confirmationToken()).isEmpty();
        assertThat(again.pending()).isEqualTo(plan.pending());
        assertThat(rollouts.run(Optional.empty())).isEmpty();
        assertThat(version("eu-central", "apply_eu1")).isEqualTo("3");
        assertThat(sql().count("eu-central", "SELECT count(*) FROM fleet.residency_ledger")).isEqualTo(ledgerBefore);
    }

    @Test
    @Order(2)
    void refusesUnknownVersionsAndBadFlagsBeforeAnyChange() {
        assertThatThrownBy(() -> rollouts.apply(new RolloutOptions(Optional.of("7"), 1, List.of(), new Amount(25, true),
                new Amount(0, false), 2, List.of(), Optional.empty())))
                .isInstanceOf(OrchestratorException.class).hasMessageContaining("unknown version 7 for --to")
                .extracting(e -> ((OrchestratorException) e).errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> Amount.parse("--wave-size", "ten")).hasMessageContaining("invalid --wave-size 'ten'");
        assertThatThrownBy(() -> Amount.parse("--max-failures", "150%")).hasMessageContaining("cannot exceed 100%");
        assertThatThrownBy(() -> options(1, "25%", "0", 0)).hasMessageContaining("--parallel-per-region");
        assertThatThrownBy(() -> rollouts.apply(new RolloutOptions(Optional.empty(), 1, List.of("no_such_org"),
                new Amount(25, true), new Amount(0, false), 2, List.of(), Optional.empty())))
                .hasMessageContaining("--canary-tenants names no_such_org");
        assertThatThrownBy(() -> rollouts.apply(new RolloutOptions(Optional.empty(), 1, List.of(), new Amount(25, true),
                new Amount(0, false), 2, List.of("mars"), Optional.empty()))).hasMessageContaining("unknown region 'mars'");
        assertThat(rollouts.run(Optional.empty())).isEmpty();
        assertThat(version("us-east", "apply_us1")).isEqualTo("3");
    }

    @Test
    @Order(3)
    void appliesEveryWaveKeepingHistoriesThatFlywayItselfValidates() {
        RolloutRun run = rollouts.apply(options(1, "1", "0", 2)).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rollouts.tenants(run.id())).hasSize(6).allSatisfy(t -> assertThat(t.state()).isEqualTo(RolloutState.DONE));
        for (String[] tenant : TENANTS) {
            assertThat(version(tenant[1], tenant[0])).isEqualTo("4");
            assertThat(historyRows(tenant[1], tenant[0], "4")).isEqualTo(1);
            assertThat(registry.find(tenant[0]).orElseThrow().schemaVersion()).contains("4");
            RegionEndpoint endpoint = connections.endpoint(tenant[1]);
            ValidateResult result = Flyway.configure().dataSource(endpoint.url(), endpoint.user(), null)
                    .schemas("org_" + tenant[0]).locations(templateLocations.split(",")).load().validateWithResult();
            assertThat(result.validationSuccessful).as(tenant[0] + " " + result.invalidMigrations).isTrue();
            assertThat(ledgerMigrations(tenant[1], tenant[0], "4")).as(tenant[0]).isEqualTo(1);
        }
        assertThat(rollouts.apply(options())).isEmpty();
        assertThat(rollouts.plan(options()).pendingCount()).isZero();
    }

    @Test
    @Order(4)
    void refusesASecondRolloutWhileOneRunsNamingIt() throws Exception {
        addMigration("V5__slow_change.sql",
                "SELECT pg_sleep(0.4);\nALTER TABLE ${flyway:defaultSchema}.consents ADD COLUMN channel text;\n");
        java.util.concurrent.CompletableFuture<Optional<RolloutRun>> first = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> rollouts.apply(options(0, "100%", "0", 1)));
        long deadline = System.currentTimeMillis() + 30_000;
        while (rollouts.run(Optional.empty()).map(r -> r.status() != RunStatus.RUNNING || r.targetVersion().equals("4"))
                .orElse(true) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        assertThatThrownBy(() -> rollouts.apply(options()))
                .isInstanceOf(OrchestratorException.class)
                .hasMessageMatching("another rollout is running: run \\d+ \\(to version 5, started .*")
                .extracting(e -> ((OrchestratorException) e).errorCode()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(first.get().orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(sql().count("eu-central", "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                + "'org_apply_eu1' AND table_name = 'consents' AND column_name = 'channel'")).isEqualTo(1);
    }
}
