package io.tenantfleet.support;

import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Plain SQL against a region's real server, as its administrator or as a login of a tenant role. */
public final class RegionSql {

    private static final String TEST_PASSWORD = "test-only-login-password";

    private final RegionConnections connections;

    public RegionSql(RegionConnections connections) {
        this.connections = connections;
    }

    /** The region as its administrator (the orchestrator's own login). */
    public JdbcClient admin(String region) {
        return JdbcClient.create(connections.dataSource(region));
    }

    public long count(String region, String sql, Object... params) {
        JdbcClient.StatementSpec spec = admin(region).sql(sql);
        for (Object param : params) {
            spec = spec.param(param);
        }
        return spec.query(Long.class).single();
    }

    public List<String> strings(String region, String sql, Object... params) {
        JdbcClient.StatementSpec spec = admin(region).sql(sql);
        for (Object param : params) {
            spec = spec.param(param);
        }
        return spec.query(String.class).list();
    }

    /** One line per table of the schema but Flyway's history: its name, whether RLS is enabled, whether forced. */
    public List<String> rowSecurity(String region, String schema) {
        return strings(region, "SELECT c.relname || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r' "
                + "AND c.relname <> 'flyway_schema_history' ORDER BY 1", schema);
    }

    /**
     * The tables of the schema (Flyway's history aside) that do not force row-level security, each
     * as "name has_org_id": a table that holds an organization's rows (an org_id column) must never
     * be among them.
     */
    public List<String> tablesNotForcingRowSecurity(String region, String schema) {
        return strings(region, "SELECT c.relname || ' ' || EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid "
                + "AND a.attname = 'org_id' AND NOT a.attisdropped) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname <> 'flyway_schema_history' "
                + "AND NOT c.relforcerowsecurity ORDER BY 1", schema);
    }

    /**
     * The region's administrator on a connection of its own (not the pool's) that acts for
     * organization {@code orgId}: {@code app.current_org_id} is set for the session. Close it.
     */
    public SingleConnectionDataSource actingFor(String region, UUID orgId) throws SQLException {
        RegionEndpoint endpoint = connections.endpoint(region);
        Connection connection = DriverManager.getConnection(endpoint.url(), endpoint.driverProperties());
        try (PreparedStatement context = connection.prepareStatement("SELECT set_config('app.current_org_id', ?, false)")) {
            context.setString(1, orgId.toString());
            context.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new SingleConnectionDataSource(connection, true);
    }

    /**
     * A new connection that logs in as a fresh login role which is a member of {@code tenantRole}
     * (e.g. org_acme_app), the way an application server would connect: over TCP with a password,
     * since embedded servers trust only their own superuser.
     */
    public Connection loginAs(String region, String tenantRole, String login) throws SQLException {
        return loginWith(region, login, "IN ROLE \"" + tenantRole + "\"");
    }

    /**
     * A new connection as {@code login}, a password-authenticated role created (once) with
     * {@code attributes} (such as {@code BYPASSRLS}, or {@code IN ROLE ...}).
     */
    public Connection loginWith(String region, String login, String attributes) throws SQLException {
        admin(region).sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + login + "') THEN "
                + "CREATE ROLE \"" + login + "\" LOGIN " + attributes + " PASSWORD '" + TEST_PASSWORD + "'; END IF; END $$")
                .update();
        return connect(region, login, TEST_PASSWORD);
    }

    /** A new connection to the region's server as {@code user} with {@code password}, as an application would open it. */
    public Connection connect(String region, String user, String password) throws SQLException {
        RegionEndpoint endpoint = connections.endpoint(region);
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(endpoint.url(), props);
    }

    /** Work that may fail with an SQL error. */
    public interface SqlAction {
        void run() throws SQLException;
    }

    /** The SQLSTATE {@code action} fails with, or "no error". */
    public static String sqlState(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e.getSQLState();
        }
        return "no error";
    }
}
