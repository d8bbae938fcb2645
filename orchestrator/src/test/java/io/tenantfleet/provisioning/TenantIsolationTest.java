package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Connected as tenant A's application or read-only role, nothing of tenant B is reachable and RLS
 * cannot be evaded; row-level security is forced, so tenant A's owner role needs the organization
 * context as well.
 */
@FleetTest
class TenantIsolationTest {

    static final String REGION = "eu-central";

    @Autowired
    ProvisioningService service;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    TenantKeyStore keys;

    RegionSql sql;
    Tenant alpha;
    Tenant beta;

    @BeforeEach
    void twoTenantsInOneRegion() {
        sql = new RegionSql(connections);
        for (String slug : List.of("iso_alpha", "iso_beta")) {
            service.provision(ProvisionRequest.of(slug, "Org " + slug, REGION, List.of(), catalog));
        }
        alpha = registry.find("iso_alpha").orElseThrow();
        beta = registry.find("iso_beta").orElseThrow();
    }

    private Connection alphaApp() throws SQLException {
        return sql.loginAs(REGION, "org_iso_alpha_app", "iso_alpha_service");
    }

    private String dataKey(Tenant tenant) throws SQLException {
        try (Connection admin = connections.dataSource(REGION).getConnection()) {
            return keys.unwrap(admin, tenant.id());
        }
    }

    private static void actAs(Connection connection, Tenant tenant, String dataKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('app.current_org_id', ?, false), set_config('app.data_key', ?, false)")) {
            statement.setString(1, tenant.id().toString());
            statement.setString(2, dataKey);
            statement.execute();
        }
    }

    private static String sqlState(ThrowingRunnable action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e.getSQLState();
        }
        return "no error";
    }

    interface ThrowingRunnable {
        void run() throws SQLException;
    }

    @Test
    void theReadOnlyRoleCannotReadAnotherTenantsTablesEither() throws Exception {
        try (Connection readOnly = sql.loginAs(REGION, "org_iso_alpha_ro", "iso_alpha_reader");
                Statement statement = readOnly.createStatement()) {
            actAs(readOnly, beta, dataKey(alpha));
            for (String table : List.of("organization", "users", "retention_policy", "audit_log")) {
                assertThat(sqlState(() -> statement.executeQuery("SELECT * FROM org_iso_beta." + table).close()))
                        .as("read of org_iso_beta.%s", table).isEqualTo("42501");
            }
        }
    }

    /**
     * Every table that holds an organization's rows forces row-level security, and so do the audit
     * chain's head, anchor and redaction key; only retention_map (the template's own data, no organization's rows)
     * does not.
     */
    @Test
    void everyTableWithOrganizationRowsForcesRowLevelSecurity() {
        for (String schema : List.of("org_iso_alpha", "org_iso_beta")) {
            assertThat(sql.rowSecurity(REGION, schema)).as(schema).hasSize(14)
                    .contains("legal_holds true true", "audit_chain_head true true", "audit_chain_anchor true true",
                            "audit_redaction_key true true");
            assertThat(sql.tablesNotForcingRowSecurity(REGION, schema)).as(schema).containsExactly("retention_map false");
        }
    }

    /**
     * A row of another organization forged into tenant A's schema (by a superuser, the only kind of
     * role that passes row-level security) is hidden from every role of tenant A acting for A, the
     * owner included; without an organization the owner sees no rows and cannot write.
     */
    @Test
    void everyTenantRoleTheOwnerIncludedSeesOnlyTheRowsOfTheOrganizationItActsFor() throws Exception {
        try (Connection admin = DriverManager.getConnection(connections.endpoint(REGION).url(),
                connections.endpoint(REGION).driverProperties()); Statement statement = admin.createStatement()) {
            admin.setAutoCommit(false);
            try {
                statement.execute("SELECT set_config('app.current_org_id', '" + beta.id() + "', true)");
                statement.executeUpdate("INSERT INTO org_iso_alpha.organization (org_id, display_name, home_region, jurisdictions) "
                        + "VALUES ('" + beta.id() + "', 'forged', 'eu-central', '{GDPR}')");
                for (String role : List.of("org_iso_alpha_owner", "org_iso_alpha_app", "org_iso_alpha_ro")) {
                    statement.execute("SET LOCAL ROLE " + role);
                    statement.execute("SELECT set_config('app.current_org_id', '', true)");
                    assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.organization")).as(role).isZero();
                    assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.retention_policy")).as(role).isZero();
                    assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.audit_log")).as(role).isZero();
                    statement.execute("SELECT set_config('app.current_org_id', '" + alpha.id() + "', true)");
                    assertThat(strings(statement, "SELECT org_id::text FROM org_iso_alpha.organization")).as(role)
                            .containsExactly(alpha.id().toString());
                    assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.retention_policy")).as(role).isEqualTo(4);
                    assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.audit_log WHERE org_id <> '" + alpha.id()
                            + "'")).as(role).isZero();
                    statement.execute("RESET ROLE");
                }
                statement.execute("SET LOCAL ROLE org_iso_alpha_owner");
                statement.execute("SELECT set_config('app.current_org_id', '', true)");
                assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.audit_chain_head")).isZero();
                assertThat(sqlState(() -> statement.executeUpdate("INSERT INTO org_iso_alpha.retention_policy (category, org_id, "
                        + "retention_days, jurisdictions) VALUES ('audit_records', '" + alpha.id() + "', 1, '{}')")))
                        .isEqualTo("42501");
            } finally {
                admin.rollback();
            }
        }
    }

    @Test
    void everyReadOrWriteOfAnotherTenantsTablesIsDenied() throws Exception {
        try (Connection app = alphaApp(); Statement statement = app.createStatement()) {
            actAs(app, alpha, dataKey(alpha));
            for (String table : List.of("users", "organization", "consents", "assessments", "api_keys", "audit_log")) {
                assertThat(sqlState(() -> statement.executeQuery("SELECT * FROM org_iso_beta." + table).close()))
                        .as("read of org_iso_beta.%s", table).isEqualTo("42501");
            }
            assertThat(sqlState(() -> statement.executeUpdate("DELETE FROM org_iso_beta.users"))).isEqualTo("42501");
            assertThat(sqlState(() -> statement.executeUpdate("INSERT INTO org_iso_beta.assessments (org_id, title, framework) "
                    + "VALUES ('" + beta.id() + "', 'x', 'GDPR')"))).isEqualTo("42501");
            assertThat(sqlState(() -> statement.executeQuery("SELECT * FROM fleet.tenant_keys").close())).isEqualTo("42501");
        }
    }

    @Test
    void withoutTheOrganizationContextRowLevelSecurityReturnsNoRows() throws Exception {
        try (Connection app = alphaApp(); Statement statement = app.createStatement()) {
            actAs(app, alpha, dataKey(alpha));
            statement.executeUpdate("INSERT INTO org_iso_alpha.assessments (org_id, title, framework) VALUES ('"
                    + alpha.id() + "', 'Q3 review', 'GDPR')");
            assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.assessments")).isPositive();

            statement.execute("RESET app.current_org_id");
            assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.assessments")).isZero();
            assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.organization")).isZero();

            statement.execute("SELECT set_config('app.current_org_id', '" + beta.id() + "', false)");
            assertThat(count(statement, "SELECT count(*) FROM org_iso_alpha.assessments")).isZero();
            assertThat(sqlState(() -> statement.executeUpdate("INSERT INTO org_iso_alpha.assessments (org_id, title, framework)"
                    + " VALUES ('" + alpha.id() + "', 'forged', 'GDPR')"))).isEqualTo("42501");
        }
    }

    @Test
    void theApplicationRoleCannotDisableOrBypassRowLevelSecurityNorTouchTheSchema() throws Exception {
        try (Connection app = alphaApp(); Statement statement = app.createStatement()) {
            actAs(app, alpha, dataKey(alpha));
            assertThat(sqlState(() -> statement.execute("ALTER TABLE org_iso_alpha.users DISABLE ROW LEVEL SECURITY")))
                    .isEqualTo("42501");
            assertThat(sqlState(() -> statement.execute("DROP POLICY org_isolation ON org_iso_alpha.users"))).isEqualTo("42501");
            assertThat(sqlState(() -> statement.execute("CREATE TABLE org_iso_alpha.sneaky (id int)"))).isEqualTo("42501");
            assertThat(sqlState(() -> statement.executeUpdate("DELETE FROM org_iso_alpha.audit_log"))).isEqualTo("42501");
            assertThat(sqlState(() -> statement.execute("SET ROLE org_iso_alpha_owner"))).isEqualTo("42501");
            statement.execute("SET row_security = off");
            assertThat(sqlState(() -> statement.executeQuery("SELECT * FROM org_iso_alpha.users").close())).isEqualTo("42501");
        }
    }

    @Test
    void personalDataIsStoredAsCiphertextUnderTheTenantsOwnKey() throws Exception {
        String email = "jane.roe@example.org";
        try (Connection app = alphaApp(); Statement statement = app.createStatement()) {
            actAs(app, alpha, dataKey(alpha));
            try (PreparedStatement insert = app.prepareStatement("INSERT INTO org_iso_alpha.users (org_id, email_cipher, "
                    + "email_lookup, full_name_cipher) VALUES (?, org_iso_alpha.pii_encrypt(?), org_iso_alpha.pii_lookup_hash(?), "
                    + "org_iso_alpha.pii_encrypt(?))")) {
                insert.setObject(1, alpha.id());
                insert.setString(2, email);
                insert.setString(3, email);
                insert.setString(4, "Jane Roe");
                insert.executeUpdate();
            }
            try (ResultSet rs = statement.executeQuery("SELECT email_cipher, org_iso_alpha.pii_decrypt(email_cipher) "
                    + "FROM org_iso_alpha.users")) {
                rs.next();
                assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("jane.roe");
                assertThat(rs.getString(2)).isEqualTo(email);
            }
            actAs(app, alpha, dataKey(beta));
            assertThat(sqlState(() -> statement.executeQuery("SELECT org_iso_alpha.pii_decrypt(email_cipher) "
                    + "FROM org_iso_alpha.users").close())).isEqualTo("39000");
        }
    }

    private static List<String> strings(Statement statement, String query) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
