package io.tenantfleet.sync;

import static io.tenantfleet.sync.FleetViewFigure.RECORDS_ARCHIVED;
import static io.tenantfleet.sync.FleetViewFigure.RECORDS_COMPLETED;
import static io.tenantfleet.sync.FleetViewFigure.RECORDS_DRAFT;
import static io.tenantfleet.sync.FleetViewFigure.RECORDS_IN_PROGRESS;
import static io.tenantfleet.sync.FleetViewFigure.RESULTS_CRITICAL;
import static io.tenantfleet.sync.FleetViewFigure.RESULTS_HIGH;
import static io.tenantfleet.sync.FleetViewFigure.RESULTS_LOW;
import static io.tenantfleet.sync.FleetViewFigure.RESULTS_MEDIUM;
import static io.tenantfleet.sync.FleetViewFigure.STORAGE_BYTES;
import static io.tenantfleet.sync.FleetViewFigure.USERS_ACTIVE;
import static io.tenantfleet.sync.FleetViewFigure.USERS_DELETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The fleet view of a region, from rows written straight into its {@code cross_region_metadata} as
 * the sync writes them: figures as received, suppressed counts absent (never 0), versions counted
 * from tenant rows, the last sync's age on the region's clock, and the catalog's regions that sent
 * nothing. The view reads the whole table, so each test empties it before and after.
 */
@FleetTest
class FleetViewTest {

    static final String REGION = "eu-central";
    static final String FULL_SUMMARY = """
            {"tenants": 124, "users_active": 1830, "users_deleted": 12, "records_draft": 100, "records_in_progress": 20,
             "records_completed": 5000, "records_archived": 501, "results_critical": 3, "results_high": 40,
             "results_medium": 200, "results_low": 900, "storage_bytes": 1288490189, "last_activity_date": "2026-03-01",
             "suppressed_cells": 0}""";
    static final String SUPPRESSED_SUMMARY = """
            {"tenants": 7, "records_draft": 40, "records_completed": 9, "results_low": 6,
             "storage_bytes": 9000000000, "suppressed_cells": 8}""";

    @Autowired
    FleetViewReader reader;
    @Autowired
    RegionBaseline baseline;
    @Autowired
    RegionConnections connections;

    RegionSql sql;

    @BeforeEach
    void anEmptyTable() {
        baseline.ready(REGION);
        sql = new RegionSql(connections);
        emptyTheTable();
    }

    @AfterEach
    void emptyTheTable() {
        sql.admin(REGION).sql("DELETE FROM fleet.cross_region_metadata").update();
    }

    private void summary(String source, String destination, int payloadVersion, String payload, String lastSync) {
        sql.admin(REGION).sql("INSERT INTO fleet.cross_region_metadata (source_region, destination_region, data_type, "
                + "payload_version, aggregated_data, last_sync) VALUES (?, ?, 'region_summary', ?, ?::jsonb, " + lastSync + ")")
                .param(source).param(destination).param(payloadVersion).param(payload).update();
    }

    /** {@code count} tenant rows of {@code source} at {@code version} (null: without one), each with its own pseudonym. */
    private void tenants(String source, String version, int count) {
        sql.admin(REGION).sql("INSERT INTO fleet.cross_region_metadata (source_region, destination_region, pseudonym, "
                + "data_type, payload_version, aggregated_data) SELECT ?, ?, encode(sha256(convert_to(? || '/' "
                + "|| coalesce(?, '-') || '/' || g, 'UTF8')), 'hex'), 'tenant_summary', 1, jsonb_strip_nulls(jsonb_build_object("
                + "'schema_version', ?::text, 'users_active', 9, 'storage_bytes', 81920, 'last_activity_date', '2026-02-27', "
                + "'suppressed_cells', 0)) FROM generate_series(1, ?) g")
                .param(source).param(REGION).param(source).param(version).param(version).param(count).update();
    }

    private FleetViewSource source(FleetView view, String region) {
        return view.sources().stream().filter(s -> s.region().equals(region)).findFirst().orElseThrow();
    }

    @Test
    void assemblesEachSourceRegionFromItsSummaryAndItsTenantRows() {
        summary("us-east", REGION, 1, FULL_SUMMARY, "'2026-03-02T10:00:00Z'");
        tenants("us-east", "3", 120);
        tenants("us-east", "2", 4);
        summary("japan-east", REGION, 1, SUPPRESSED_SUMMARY, "now()");
        tenants("japan-east", "3", 7);

        FleetView view = reader.read(REGION);

        assertThat(view.region()).isEqualTo(REGION);
        assertThat(view.receiving()).isTrue();
        assertThat(view.sources()).extracting(FleetViewSource::region).containsExactly("japan-east", "us-east");
        assertThat(view.noData()).containsExactly("eu-central");
        FleetViewSource us = source(view, "us-east");
        assertThat(us.tenants()).isEqualTo(124);
        assertThat(us.versions()).containsExactly(Map.entry("3", 120L), Map.entry("2", 4L));
        assertThat(us.figures()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry(USERS_ACTIVE, 1830L),
                Map.entry(USERS_DELETED, 12L), Map.entry(RECORDS_DRAFT, 100L), Map.entry(RECORDS_IN_PROGRESS, 20L),
                Map.entry(RECORDS_COMPLETED, 5000L), Map.entry(RECORDS_ARCHIVED, 501L), Map.entry(RESULTS_CRITICAL, 3L),
                Map.entry(RESULTS_HIGH, 40L), Map.entry(RESULTS_MEDIUM, 200L), Map.entry(RESULTS_LOW, 900L),
                Map.entry(STORAGE_BYTES, 1288490189L)));
        assertThat(us.lastActivity()).contains(LocalDate.parse("2026-03-01"));
        assertThat(us.suppressedCells()).isZero();
        assertThat(us.lastSync()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(us.lastSyncAge()).isEqualTo(Duration.between(us.lastSync(), view.readAt()));
        assertThat(source(view, "japan-east").versions()).containsExactly(Map.entry("3", 7L));
    }

    @Test
    void aSuppressedCountIsAbsentNeverZero() {
        summary("japan-east", REGION, 1, SUPPRESSED_SUMMARY, "now()");

        FleetViewSource japan = source(reader.read(REGION), "japan-east");

        assertThat(japan.figures()).containsOnlyKeys(RECORDS_DRAFT, RECORDS_COMPLETED, RESULTS_LOW, STORAGE_BYTES);
        assertThat(japan.figure(USERS_ACTIVE)).isEmpty();
        assertThat(japan.figure(RECORDS_IN_PROGRESS)).isEmpty();
        assertThat(japan.figure(RECORDS_DRAFT)).hasValue(40);
        assertThat(japan.figure(STORAGE_BYTES)).hasValue(9_000_000_000L);
        assertThat(japan.suppressedCells()).isEqualTo(8);
        assertThat(japan.lastActivity()).as("no activity: no date").isEmpty();
        assertThat(japan.tenants()).isEqualTo(7);
        assertThat(japan.versions()).as("no tenant rows received").isEmpty();
    }

    @Test
    void countsVersionsNewestFirstInVersionOrderAndRowsWithoutOneLast() {
        summary("us-east", REGION, 1, "{\"tenants\": 16}", "now()");
        tenants("us-east", "9", 2);
        tenants("us-east", "10", 3);
        tenants("us-east", "3", 4);
        tenants("us-east", "3.1", 5);
        tenants("us-east", null, 1);

        assertThat(source(reader.read(REGION), "us-east").versions()).containsExactly(Map.entry("10", 3L),
                Map.entry("9", 2L), Map.entry("3.1", 5L), Map.entry("3", 4L), Map.entry(FleetViewSource.UNKNOWN_VERSION, 1L));
    }

    @Test
    void measuresTheLastSyncsAgeOnTheRegionsClock() {
        summary("us-east", REGION, 1, "{\"tenants\": 1}", "now() - interval '2 hours 5 minutes'");

        FleetViewSource us = source(reader.read(REGION), "us-east");

        assertThat(us.lastSyncAge()).isBetween(Duration.ofMinutes(125), Duration.ofMinutes(126));
    }

    @Test
    void readsOnlyRowsAddressedToTheRegionInThePayloadVersionItKnows() {
        summary("japan-east", "us-east", 1, "{\"tenants\": 5}", "now()");
        summary("japan-east", REGION, 2, "{\"tenants\": 6}", "now()");
        summary("us-east", REGION, 1, "{\"tenants\": 3}", "now()");

        FleetView view = reader.read(REGION);

        assertThat(view.sources()).singleElement().satisfies(s -> {
            assertThat(s.region()).isEqualTo("us-east");
            assertThat(s.tenants()).isEqualTo(3);
        });
        assertThat(view.noData()).containsExactly("eu-central", "japan-east");
    }

    @Test
    void aSourceOutsideTheCatalogIsShownAndEveryCatalogRegionWithoutRowsIsNoData() {
        summary("ap-retired", REGION, 1, "{\"tenants\": 2}", "now()");

        FleetView view = reader.read(REGION);

        assertThat(view.sources()).extracting(FleetViewSource::region).containsExactly("ap-retired");
        assertThat(view.noData()).containsExactly("eu-central", "us-east", "japan-east");
    }

    @Test
    void anEmptyTableIsNoDataFromAnyRegion() {
        FleetView view = reader.read(REGION);

        assertThat(view.receiving()).isTrue();
        assertThat(view.sources()).isEmpty();
        assertThat(view.noData()).containsExactly("eu-central", "us-east", "japan-east");
        assertThat(view.readAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    }

    @Test
    void refusesARegionTheCatalogDoesNotName() {
        OrchestratorException refused = catchThrowableOfType(OrchestratorException.class, () -> reader.read("mars"));

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused.getMessage()).isEqualTo("unknown region 'mars' in region-config/local.yml; use one of "
                + "eu-central, us-east, japan-east");
    }
}
