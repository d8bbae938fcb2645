package io.tenantfleet.credentials;

import static io.tenantfleet.support.RegionSql.sqlState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Logins issued to tenants' applications, used as an application would use them, on real PostgreSQL. */
@FleetTest
class CredentialServiceTest {

    static final String REGION = "eu-central";

    @Autowired
    CredentialService credentials;
    @Autowired
    ProvisioningService provisioning;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    @Qualifier(ControlPlaneConfiguration.JDBC)
    JdbcClient controlPlane;

    private Tenant provision(String slug) {
        provisioning.provision(ProvisionRequest.of(slug, "Org " + slug, REGION, List.of(), catalog));
        return registry.find(slug).orElseThrow();
    }

    /** Connects the way an application does: the printed JDBC URL, the password, over TCP. */
    private static Connection connect(IssuedLogin issued, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("password", password);
        return DriverManager.getConnection(issued.connection().jdbcUrl(), props);
    }

    private static String password(IssuedLogin issued) {
        return new String(issued.password());
    }

    private static String single(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void anIssuedLoginConnectsWithItsPasswordAndReadsOnlyItsOwnOrganization() throws Exception {
        Tenant alpha = provision("cred_alpha");
        provision("cred_beta");
        IssuedLogin issued = credentials.issue(new TenantSlug("cred_alpha"));

        assertThat(issued.login()).isEqualTo("org_cred_alpha_login_1");
        assertThat(password(issued)).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
        assertThat(issued.connection().jdbcUrl()).startsWith("jdbc:postgresql://localhost:").contains("sslmode=disable");
        try (Connection app = connect(issued, password(issued))) {
            assertThat(single(app, "SELECT current_user")).isEqualTo("org_cred_alpha_login_1");
            assertThat(single(app, "SELECT current_setting('app.current_org_id')")).isEqualTo(alpha.id().toString());
            assertThat(single(app, "SELECT count(*) FROM organization")).isEqualTo("1");
            assertThat(single(app, "SELECT org_id::text FROM org_cred_alpha.organization")).isEqualTo(alpha.id().toString());
            try (Statement statement = app.createStatement()) {
                assertThat(sqlState(() -> statement.executeQuery("SELECT * FROM org_cred_beta.organization").close()))
                        .isEqualTo("42501");
                assertThat(sqlState(() -> statement.executeQuery("SELECT * FROM fleet.tenant_keys").close())).isEqualTo("42501");
                assertThat(sqlState(() -> statement.execute("SET ROLE org_cred_alpha_owner"))).isEqualTo("42501");
                assertThat(sqlState(() -> statement.execute("CREATE TABLE org_cred_alpha.sneaky (id int)"))).isEqualTo("42501");
            }
        }
        RegionSql sql = new RegionSql(connections);
        assertThat(sql.strings(REGION, "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid "
                + "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ?", issued.login())).containsExactly("org_cred_alpha_app");
        assertThat(sql.count(REGION, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND rolcanlogin AND NOT rolsuper "
                + "AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolreplication AND NOT rolbypassrls", issued.login()))
                .isEqualTo(1);
        assertThat(sql.strings(REGION, "SELECT rolpassword FROM pg_authid WHERE rolname = ?", issued.login()).get(0))
                .startsWith("SCRAM-SHA-256$").doesNotContain(password(issued));
    }

    @Test
    void aWrongPasswordOrNoPasswordIsRefused() throws Exception {
        provision("cred_gamma");
        IssuedLogin issued = credentials.issue(new TenantSlug("cred_gamma"));

        assertThat(sqlState(() -> connect(issued, password(issued) + "x").close())).isEqualTo("28P01");
        assertThat(sqlState(() -> DriverManager.getConnection(issued.connection().jdbcUrl()).close())).isNotEqualTo("no error");
    }

    @Test
    void rotationKeepsBothLoginsValidDuringTheGraceThenDropsTheOldOne() throws Exception {
        Tenant tenant = provision("cred_delta");
        TenantSlug slug = new TenantSlug("cred_delta");
        IssuedLogin first = credentials.issue(slug);
        IssuedLogin second = credentials.rotate(slug, Duration.ofHours(1));

        assertThat(second.login()).isEqualTo("org_cred_delta_login_2");
        assertThat(second.expiring()).containsExactly(first.login());
        try (Connection old = connect(first, password(first)); Connection fresh = connect(second, password(second))) {
            assertThat(single(old, "SELECT count(*) FROM organization")).isEqualTo("1");
            assertThat(single(fresh, "SELECT count(*) FROM organization")).isEqualTo("1");
        }
        assertThat(controlPlane.sql("SELECT valid_until IS NOT NULL FROM tenant_credential WHERE login_name = ?")
                .param(first.login()).query(Boolean.class).single()).isTrue();

        // the grace period passes
        new RegionSql(connections).admin(REGION).sql("ALTER ROLE " + first.login() + " VALID UNTIL '2000-01-01Z'").update();
        assertThat(sqlState(() -> connect(first, password(first)).close())).isEqualTo("28P01");
        IssuedLogin third = credentials.rotate(slug, Duration.ofHours(1));

        assertThat(third.dropped()).containsExactly(first.login());
        assertThat(third.expiring()).containsExactly(second.login());
        assertThat(new RegionSql(connections).count(REGION, "SELECT count(*) FROM pg_roles WHERE rolname = ?", first.login()))
                .isZero();
        assertThat(controlPlane.sql("SELECT revoked_reason FROM tenant_credential WHERE login_name = ?")
                .param(first.login()).query(String.class).single()).isEqualTo("expired");
        assertThat(controlPlane.sql("SELECT count(*) FROM tenant_credential WHERE tenant_id = ?").param(tenant.id())
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void revokeEndsOpenSessionsAndTheLoginCannotConnectAgain() throws Exception {
        provision("cred_epsilon");
        TenantSlug slug = new TenantSlug("cred_epsilon");
        IssuedLogin kept = credentials.issue(slug);
        IssuedLogin revoked = credentials.issue(slug);
        try (Connection open = connect(revoked, password(revoked))) {
            RevokedLogins result = credentials.revoke(slug, Optional.of(revoked.login()));

            assertThat(result.revoked()).containsExactly(revoked.login());
            assertThat(result.sessions()).isEqualTo(1);
            assertThat(sqlState(() -> single(open, "SELECT 1"))).isNotEqualTo("no error");
        }
        assertThat(sqlState(() -> connect(revoked, password(revoked)).close())).isEqualTo("28P01");
        try (Connection other = connect(kept, password(kept))) {
            assertThat(single(other, "SELECT count(*) FROM organization")).isEqualTo("1");
        }
        assertThat(credentials.revoke(slug, Optional.empty()).revoked()).containsExactly(kept.login());
        assertThat(sqlState(() -> connect(kept, password(kept)).close())).isEqualTo("28P01");
        assertThat(controlPlane.sql("SELECT count(*) FROM tenant_credential WHERE slug = ? AND revoked_reason = 'revoked'")
                .param("cred_epsilon").query(Long.class).single()).isEqualTo(2);
        assertThatThrownBy(() -> credentials.revoke(slug, Optional.of(kept.login())))
                .isInstanceOf(OrchestratorException.class).hasMessageContaining("does not exist in region eu-central");
    }

    @Test
    void theControlPlaneHoldsNoPasswordAndTheLedgerRecordsEveryOperation() throws Exception {
        Tenant tenant = provision("cred_zeta");
        TenantSlug slug = new TenantSlug("cred_zeta");
        IssuedLogin first = credentials.issue(slug);
        IssuedLogin second = credentials.rotate(slug, Duration.ofMinutes(5));
        credentials.revoke(slug, Optional.empty());

        List<String> tables = controlPlane.sql("SELECT quote_ident(table_name) FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").query(String.class).list();
        assertThat(tables).contains("tenant_credential");
        for (String table : tables) {
            for (String secret : List.of(password(first), password(second), "SCRAM-SHA-256$")) {
                assertThat(controlPlane.sql("SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0")
                        .param(secret).query(Long.class).single()).as(table).isZero();
            }
        }
        RegionSql sql = new RegionSql(connections);
        assertThat(sql.strings(REGION, "SELECT event FROM fleet.residency_ledger WHERE tenant_id = ? AND event LIKE "
                + "'TENANT_LOGIN%' ORDER BY entry_id", tenant.id()))
                .containsExactly("TENANT_LOGIN_ISSUED", "TENANT_LOGIN_ROTATED", "TENANT_LOGINS_REVOKED");
        assertThat(sql.count(REGION, "SELECT count(*) FROM fleet.residency_ledger WHERE strpos(detail::text, ?) > 0",
                password(first))).isZero();
        assertThat(sql.count(REGION, "SELECT count(*) FROM fleet.verify_ledger()")).isZero();
    }

    @Test
    void anUnknownOrganizationIsBadInput() {
        assertThatThrownBy(() -> credentials.issue(new TenantSlug("cred_nobody")))
                .isInstanceOf(OrchestratorException.class)
                .satisfies(e -> assertThat(((OrchestratorException) e).errorCode()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("unknown organization 'cred_nobody'");
    }
}
