package io.tenantfleet.credentials;

import io.tenantfleet.tenant.TenantSlug;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The login roles of a tenant's application in its home region. Role names come only from
 * {@link LoginName} and are quoted; values that utility statements cannot bind (an org id, a
 * timestamp) are produced by this process from typed values, never taken from input.
 */
final class RegionLogins {

    /** A login role as the region has it; {@code validUntil} empty means no expiry. */
    record Login(LoginName name, Optional<Instant> validUntil, boolean canLogin) {

        boolean expiredAt(Instant now) {
            return validUntil.isPresent() && !validUntil.get().isAfter(now);
        }
    }

    private RegionLogins() {
    }

    /** Every login role of the tenant, by number. */
    static List<Login> list(Connection connection, TenantSlug slug) throws SQLException {
        List<Login> logins = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT rolname, rolvaliduntil, rolcanlogin "
                + "FROM pg_roles WHERE starts_with(rolname, ?)")) {
            statement.setString(1, LoginName.prefix(slug));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Timestamp until = rs.getTimestamp(2);
                    boolean canLogin = rs.getBoolean(3);
                    LoginName.of(slug, rs.getString(1)).ifPresent(name -> logins.add(new Login(name,
                            Optional.ofNullable(until).map(Timestamp::toInstant), canLogin)));
                }
            }
        }
        logins.sort(java.util.Comparator.comparingInt(login -> login.name().number()));
        return logins;
    }

    /**
     * Creates the login: a member of the tenant's {@code _app} role only, no other attribute, its
     * sessions scoped to the organization and its schema by default. The password reaches the
     * server only as a SCRAM-SHA-256 verifier computed here by the driver.
     */
    static void create(Connection connection, LoginName name, UUID orgId, LoginPassword password) throws SQLException {
        String role = TenantSlug.quote(name.value());
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    + "NOBYPASSRLS IN ROLE " + TenantSlug.quote(name.slug().appRole()));
            statement.execute("ALTER ROLE " + role + " SET app.current_org_id = '" + orgId + "'");
            statement.execute("ALTER ROLE " + role + " SET search_path = " + TenantSlug.quote(name.slug().schema()));
        }
        char[] chars = password.copy();
        try {
            connection.unwrap(PGConnection.class).alterUserPassword(name.value(), chars, "scram-sha-256");
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** Lets the login authenticate until {@code until} only; its open sessions are not affected. */
    static void expire(Connection connection, LoginName name, Instant until) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + TenantSlug.quote(name.value()) + " VALID UNTIL '" + until + "'");
        }
    }

    /** Refuses new sessions of the logins (takes effect when the transaction commits). */
    static void disable(Connection connection, List<LoginName> names) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (LoginName name : names) {
                statement.execute("ALTER ROLE " + TenantSlug.quote(name.value()) + " NOLOGIN");
            }
        }
    }

    /** Ends every session of the logins, waiting up to 5 s for each; returns how many there were. */
    static int terminateSessions(Connection connection, List<LoginName> names) throws SQLException {
        if (names.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(pg_terminate_backend(pid, 5000)) "
                + "FROM pg_stat_activity WHERE usename = ANY (?) AND pid <> pg_backend_pid()")) {
            Array array = connection.createArrayOf("text", names.stream().map(LoginName::value).toArray());
            statement.setArray(1, array);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Drops the logins (and anything they own in this database, such as temporary objects). */
    static void drop(Connection connection, List<LoginName> names) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (LoginName name : names) {
                statement.execute("DROP OWNED BY " + TenantSlug.quote(name.value()));
                statement.execute("DROP ROLE " + TenantSlug.quote(name.value()));
            }
        }
    }
}
