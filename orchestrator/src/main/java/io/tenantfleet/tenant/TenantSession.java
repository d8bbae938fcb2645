package io.tenantfleet.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Makes the current region transaction act as a tenant's owner role for its organization
 * ({@code app.current_org_id}): row-level security is forced on the owner too, so whatever reads
 * or changes tenant rows as the orchestrator does so through this. Both settings end with the
 * transaction.
 */
public final class TenantSession {

    private TenantSession() {
    }

    /** In the transaction open on {@code connection}: owner role, organization context. */
    public static void actAsOwner(Connection connection, TenantSlug slug, UUID orgId) throws SQLException {
        actAsOwner(connection, slug, orgId, 0);
    }

    /**
     * As {@link #actAsOwner(Connection, TenantSlug, UUID)}, and statements of the transaction wait
     * at most {@code lockTimeoutMs} for a lock (0: the session's setting) before failing with 55P03.
     */
    public static void actAsOwner(Connection connection, TenantSlug slug, UUID orgId, int lockTimeoutMs)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('role', ?, true), "
                + "set_config('app.current_org_id', ?, true)"
                + (lockTimeoutMs > 0 ? ", set_config('lock_timeout', ?, true)" : ""))) {
            statement.setString(1, slug.ownerRole());
            statement.setString(2, orgId.toString());
            if (lockTimeoutMs > 0) {
                statement.setString(3, lockTimeoutMs + "ms");
            }
            statement.execute();
        }
    }

    /** Back to the orchestrator's own login for the rest of the transaction. */
    public static void resetRole(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("RESET ROLE");
        }
    }
}
