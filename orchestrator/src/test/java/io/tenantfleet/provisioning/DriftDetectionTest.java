package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.rollout.DriftDetector;
import io.tenantfleet.rollout.DriftReport;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FleetTest
class DriftDetectionTest {

    static final String REGION = "japan-east";

    @Autowired
    ProvisioningService service;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    DriftDetector drift;

    @Test
    void findsAColumnDroppedByHandAnEditedHistoryAndUnforcedRowSecurityButNotAnUntouchedSchema() {
        for (String slug : List.of("drift_clean", "drift_column", "drift_history", "drift_noforce")) {
            service.provision(ProvisionRequest.of(slug, "Org " + slug, REGION, List.of(), catalog));
        }
        RegionSql sql = new RegionSql(connections);
        sql.admin(REGION).sql("ALTER TABLE org_drift_column.consents DROP COLUMN policy_version").update();
        sql.admin(REGION).sql("UPDATE org_drift_history.flyway_schema_history SET checksum = 42 WHERE version = '1'").update();
        sql.admin(REGION).sql("ALTER TABLE org_drift_noforce.users NO FORCE ROW LEVEL SECURITY").update();

        Map<String, DriftReport> reports = drift.inspect(REGION).stream()
                .collect(Collectors.toMap(DriftReport::slug, Function.identity()));

        assertThat(reports.get("drift_clean").drifted()).as(reports.get("drift_clean").differences().toString()).isFalse();
        assertThat(reports.get("drift_column").differences())
                .containsExactly("missing: column consents.policy_version text not null");
        assertThat(reports.get("drift_history").differences()).singleElement()
                .satisfies(d -> assertThat(d).startsWith("history: V1 checksum 42 differs from the template's"));
        assertThat(reports.get("drift_noforce").differences())
                .containsExactly("missing: rls users true true", "extra: rls users true false");
    }

    /** From template version 3 on, a table that retention_map does not map is reported, one line each. */
    @Test
    void reportsATableCreatedByHandThatTheRetentionMapDoesNotMap() {
        service.provision(ProvisionRequest.of("drift_unmapped", "Org drift_unmapped", REGION, List.of(), catalog));
        RegionSql sql = new RegionSql(connections);
        sql.admin(REGION).sql("CREATE TABLE org_drift_unmapped.notes (note_id bigint PRIMARY KEY)").update();
        sql.admin(REGION).sql("CREATE TABLE org_drift_unmapped.mapped_notes (note_id bigint PRIMARY KEY)").update();
        sql.admin(REGION).sql("INSERT INTO org_drift_unmapped.retention_map (table_name, category, action, purge_order) "
                + "VALUES ('mapped_notes', 'business_records', 'delete', 30)").update();

        DriftReport report = drift.inspect(REGION).stream().filter(r -> r.slug().equals("drift_unmapped")).findFirst()
                .orElseThrow();

        assertThat(report.version()).isEqualTo("3");
        assertThat(report.differences()).filteredOn(d -> d.startsWith("unmapped: "))
                .containsExactly("unmapped: table notes has no row in retention_map");
        assertThat(report.differences()).anySatisfy(d -> assertThat(d).startsWith("extra: column notes.note_id"));
    }
}
