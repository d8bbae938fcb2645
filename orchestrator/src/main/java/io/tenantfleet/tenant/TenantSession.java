package io.tenantfleet.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Acting as a tenant's owner role for its organization inside a region transaction: row-level
 * security is forced on the owner too, so its rows are read and written only this way.
 */
public final class TenantSession {

    private TenantSession() {
    }

    /**
     * The rest of the current transaction runs as the tenant's owner with {@code app.current_org_id}
     * set to {@code orgId} (both for this transaction only); {@link #resetRole} goes back to the
     * orchestrator's own login.
     */
    public static void actAsOwner(Connection connection, TenantSlug slug, UUID orgId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL ROLE " + TenantSlug.quote(slug.ownerRole()));
        }
        try (PreparedStatement context = connection.prepareStatement("SELECT set_config('app.current_org_id', ?, true)")) {
            context.setString(1, orgId.toString());
            context.execute();
        }
    }

    public static void resetRole(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET ROLE");
        }
    }
}
