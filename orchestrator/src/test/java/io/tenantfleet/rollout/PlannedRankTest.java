package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.RegionEndpoint;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A tenant migrates on the plan's word (the history rank the plan read); when its schema moved on
 * after the plan, the history's primary key refuses that word and the tenant is migrated from its
 * real version: nothing applied twice, even by migrations that would not fail on a second run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlannedRankTest extends RolloutScenario {

    /** Not idempotent, and nothing in it fails when run again: only the history can tell. */
    private static final String COUNT_RUN = """
            CREATE TABLE IF NOT EXISTS migration_runs (version text NOT NULL);
            INSERT INTO migration_runs VALUES ('%s');
            """;

    @Autowired
    TenantMigrationExecutor executor;
    @Autowired
    TenantTemplate template;
    @Autowired
    SchemaVersions versions;

    @Test
    @Order(1)
    void aTenantMigratedSinceThePlanIsFoundCurrentAndNothingRunsTwice() throws Exception {
        provision("moved_on", "eu-central");
        provision("as_planned", "us-east");
        PlannedTenant planned = planned("moved_on");
        addMigration("V4__count_run.sql", COUNT_RUN.formatted("4"));
        RolloutOptions euOnly = new RolloutOptions(Optional.empty(), 0, List.of(), new Amount(100, true),
                new Amount(0, false), 1, List.of("eu-central"), Optional.empty());
        assertThat(rollouts.apply(euOnly).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);

        List<TenantMigrationExecutor.Outcome> outcomes = migrate(planned, "4");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(TenantMigrationExecutor.Result.ALREADY_CURRENT);
            assertThat(o.version()).isEqualTo("4");
            assertThat(o.asPlanned()).isFalse();
        });
        assertThat(runs("moved_on", "4")).isEqualTo(1);
        assertThat(historyRows("eu-central", "moved_on", "4")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aTenantPartlyMigratedSinceThePlanGetsOnlyWhatItLacks() throws Exception {
        PlannedTenant planned = planned("moved_on");
        PlannedTenant stale = new PlannedTenant(planned.tenantId(), planned.slug(), planned.region(),
                TemplateVersion.parse("3"), planned.fromRank() - 1, 1);
        addMigration("V5__count_run.sql", COUNT_RUN.formatted("5"));

        List<TenantMigrationExecutor.Outcome> outcomes = migrate(stale, "5");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(TenantMigrationExecutor.Result.MIGRATED);
            assertThat(o.asPlanned()).as("migrated from its real version, not the plan's").isFalse();
        });
        assertThat(version("eu-central", "moved_on")).isEqualTo("5");
        assertThat(runs("moved_on", "4")).isEqualTo(1);
        assertThat(runs("moved_on", "5")).isEqualTo(1);
        assertThat(historyRows("eu-central", "moved_on", "4")).isEqualTo(1);
        assertThat(historyRows("eu-central", "moved_on", "5")).isEqualTo(1);
        RegionEndpoint endpoint = connections.endpoint("eu-central");
        ValidateResult validation = Flyway.configure().dataSource(endpoint.url(), endpoint.user(), null)
                .schemas("org_moved_on").locations(templateLocations.split(",")).load().validateWithResult();
        assertThat(validation.validationSuccessful).as(String.valueOf(validation.getAllErrorMessages())).isTrue();
    }

    @Test
    @Order(3)
    void aTenantAsPlannedTakesTheRanksAfterThePlannedOne() throws Exception {
        PlannedTenant planned = planned("as_planned");

        List<TenantMigrationExecutor.Outcome> outcomes = migrate(planned, "5");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(TenantMigrationExecutor.Result.MIGRATED);
            assertThat(o.asPlanned()).as("migrated on the plan's word").isTrue();
        });
        assertThat(sql().strings("us-east", "SELECT installed_rank || ':' || version FROM org_as_planned.flyway_schema_history "
                + "WHERE installed_rank > ? ORDER BY installed_rank", planned.fromRank()))
                .containsExactly((planned.fromRank() + 1) + ":4", (planned.fromRank() + 2) + ":5");
        assertThat(runs("as_planned", "4")).isEqualTo(1);
        assertThat(runs("as_planned", "5")).isEqualTo(1);
    }

    /** The tenant as a plan made now would see it. */
    private PlannedTenant planned(String slug) {
        var tenant = registry.find(slug).orElseThrow();
        SchemaVersions.SchemaVersion version = versions.read(tenant.homeRegion()).get("org_" + slug);
        return new PlannedTenant(tenant.id(), slug, tenant.homeRegion(), TemplateVersion.parse(version.version()),
                version.installedRank(), 1);
    }

    private List<TenantMigrationExecutor.Outcome> migrate(PlannedTenant tenant, String target) throws Exception {
        template.refresh();
        try (Connection connection = connections.dataSource(tenant.region()).getConnection()) {
            return executor.migrate(connection, List.of(tenant), TemplateVersion.parse(target));
        }
    }

    private long runs(String slug, String version) {
        return sql().count(registry.find(slug).orElseThrow().homeRegion(),
                "SELECT count(*) FROM org_" + slug + ".migration_runs WHERE version = ?", version);
    }
}
