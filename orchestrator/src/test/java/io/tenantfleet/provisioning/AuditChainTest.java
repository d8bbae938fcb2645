package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Editing or deleting audit or ledger rows by hand is detected by the verification queries; the
 * chain is written for the application's changes under forced row-level security.
 */
@FleetTest
class AuditChainTest {

    static final String REGION = "us-east";

    @Autowired
    ProvisioningService service;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;

    private SingleConnectionDataSource acting;

    @AfterEach
    void closeConnection() {
        if (acting != null) {
            acting.close();
        }
    }

    /**
     * Provisions the tenant, then, as its application role, inserts three assessments, updates one
     * and soft-deletes another; returns the region's administrator acting for the organization.
     */
    private JdbcClient provisionWithActivity(String slug) throws SQLException {
        service.provision(ProvisionRequest.of(slug, "Org " + slug, REGION, List.of(), catalog));
        Tenant tenant = registry.find(slug).orElseThrow();
        RegionSql sql = new RegionSql(connections);
        String schema = "org_" + slug;
        try (Connection app = sql.loginAs(REGION, schema + "_app", slug + "_service")) {
            JdbcClient client = JdbcClient.create(new SingleConnectionDataSource(app, true));
            client.sql("SELECT set_config('app.current_org_id', ?, false)").param(tenant.id().toString()).query(String.class)
                    .single();
            for (int i = 0; i < 3; i++) {
                client.sql("INSERT INTO " + schema + ".assessments (org_id, title, framework) VALUES (?, ?, 'HIPAA')")
                        .param(tenant.id()).param("assessment " + i).update();
            }
            client.sql("UPDATE " + schema + ".assessments SET status = 'completed' WHERE title = 'assessment 1'").update();
            client.sql("UPDATE " + schema + ".assessments SET deleted_at = now() WHERE title = 'assessment 2'").update();
        }
        acting = sql.actingFor(REGION, tenant.id());
        return JdbcClient.create(acting);
    }

    private static List<String> problems(JdbcClient admin, String verify) {
        return admin.sql("SELECT audit_id_or_entry || ':' || problem FROM (SELECT * FROM " + verify
                + ") AS v(audit_id_or_entry, problem)").query(String.class).list();
    }

    @Test
    void triggersWriteAnIntactChainForEveryChange() throws SQLException {
        JdbcClient admin = provisionWithActivity("chain_intact");

        long rows = admin.sql("SELECT count(*) FROM org_chain_intact.audit_log").query(Long.class).single();

        // organization, four retention categories, three assessments inserted, two updated
        assertThat(rows).isEqualTo(1 + 4 + 3 + 2);
        assertThat(problems(admin, "org_chain_intact.verify_audit_chain()")).isEmpty();
    }

    @Test
    void verificationAndUnauditedWritesNeedTheOrganizationContextEvenForTheOwner() throws SQLException {
        provisionWithActivity("chain_context");
        JdbcClient admin = new RegionSql(connections).admin(REGION);

        assertThatThrownBy(() -> problems(admin, "org_chain_context.verify_audit_chain()"))
                .rootCause().hasMessageContaining("verify_audit_chain() needs app.current_org_id");
        assertThatThrownBy(() -> admin.sql("UPDATE org_chain_context.assessments SET title = 'unaudited'").update())
                .rootCause().hasMessageContaining("needs app.current_org_id set to the row's organization");
        assertThat(admin.sql("SELECT count(*) FROM org_chain_context.assessments WHERE title = 'unaudited'")
                .query(Long.class).single()).isZero();

        // as the README shows an auditor: the organization id from the residency ledger, then the check
        try (Connection auditor = DriverManager.getConnection(connections.endpoint(REGION).url(),
                connections.endpoint(REGION).driverProperties()); Statement statement = auditor.createStatement()) {
            statement.execute("SELECT set_config('app.current_org_id', (SELECT tenant_id::text FROM fleet.residency_ledger "
                    + "WHERE tenant_slug = 'chain_context' AND event = 'TENANT_PROVISIONED' ORDER BY entry_id DESC LIMIT 1), "
                    + "false)");
            try (ResultSet rs = statement.executeQuery("SELECT * FROM org_chain_context.verify_audit_chain()")) {
                assertThat(rs.next()).as("a broken link").isFalse();
            }
        }
    }

    @Test
    void anAuditRowEditedByHandIsDetected() throws SQLException {
        JdbcClient admin = provisionWithActivity("chain_edited");
        long target = admin.sql("SELECT audit_id FROM org_chain_edited.audit_log WHERE action = 'UPDATE' ORDER BY audit_id "
                + "LIMIT 1").query(Long.class).single();

        admin.sql("UPDATE org_chain_edited.audit_log SET new_values = new_values || '{\"status\": \"draft\"}' "
                + "WHERE audit_id = ?").param(target).update();

        assertThat(problems(admin, "org_chain_edited.verify_audit_chain()")).containsExactly(target + ":row was modified");
    }

    @Test
    void anAuditRowDeletedByHandIsDetected() throws SQLException {
        JdbcClient admin = provisionWithActivity("chain_deleted");

        admin.sql("DELETE FROM org_chain_deleted.audit_log WHERE audit_id = 4").update();

        assertThat(problems(admin, "org_chain_deleted.verify_audit_chain()"))
                .containsExactly("5:row before it was removed or modified");
    }

    @Test
    void theLatestAuditRowDeletedByHandIsDetected() throws SQLException {
        JdbcClient admin = provisionWithActivity("chain_tail");

        admin.sql("DELETE FROM org_chain_tail.audit_log WHERE audit_id = (SELECT max(audit_id) FROM org_chain_tail.audit_log)")
                .update();

        assertThat(problems(admin, "org_chain_tail.verify_audit_chain()")).singleElement()
                .satisfies(p -> assertThat(p).endsWith("latest rows were removed"));
    }

    @Test
    void theResidencyLedgerRefusesEditsAndDetectsThoseMadeWithTriggersDisabled() throws SQLException {
        JdbcClient admin = provisionWithActivity("ledger_guard");
        long entry = admin.sql("SELECT entry_id FROM fleet.residency_ledger WHERE tenant_slug = 'ledger_guard'")
                .query(Long.class).single();

        assertThatThrownBy(() -> admin.sql("UPDATE fleet.residency_ledger SET region = 'elsewhere' WHERE entry_id = ?")
                .param(entry).update()).rootCause().hasMessageContaining("append-only");
        assertThat(problems(admin, "fleet.verify_ledger()")).isEmpty();

        try (Connection connection = connections.dataSource(REGION).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.executeUpdate("UPDATE fleet.residency_ledger SET region = 'elsewhere' WHERE entry_id = " + entry);
            statement.execute("SET session_replication_role = origin");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }

        assertThat(problems(admin, "fleet.verify_ledger()")).contains(entry + ":entry was modified");
    }
}
