package io.tenantfleet.provisioning;

import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates and removes a tenant's schema and roles in its home region. Each method runs in one
 * transaction of its own (PostgreSQL DDL is transactional), so either all of it happens or none.
 * Identifiers come only from a validated {@link TenantSlug} and are quoted.
 */
final class TenantSchemaBuilder {

    private TenantSchemaBuilder() {
    }

    /**
     * Creates the owner, app and read-only roles and the schema the owner owns, in the transaction
     * open on {@code connection} (one round trip).
     */
    static void create(Connection connection, TenantSlug slug) throws SQLException {
        String owner = TenantSlug.quote(slug.ownerRole());
        String app = TenantSlug.quote(slug.appRole());
        String readOnly = TenantSlug.quote(slug.readOnlyRole());
        String schema = TenantSlug.quote(slug.schema());
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + owner + " NOLOGIN NOINHERIT;\n"
                    + "CREATE ROLE " + app + " NOLOGIN NOINHERIT NOBYPASSRLS;\n"
                    + "CREATE ROLE " + readOnly + " NOLOGIN NOINHERIT NOBYPASSRLS;\n"
                    + "GRANT " + owner + " TO CURRENT_USER;\n"
                    + "CREATE SCHEMA " + schema + " AUTHORIZATION " + owner + ";\n"
                    + "REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC;\n"
                    + "GRANT USAGE ON SCHEMA " + schema + " TO " + app + ", " + readOnly);
        }
    }

    /**
     * The schema version a complete build of the tenant left in its region: its latest
     * TENANT_PROVISIONED ledger entry, written in the build's last transaction, when no rollback
     * followed it. A run killed after that commit but before the control plane heard of it finds
     * the tenant built here, and activates it instead of building it again.
     */
    static java.util.Optional<String> builtVersion(Connection connection, UUID tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT event, detail ->> 'schema_version' "
                + "FROM fleet.residency_ledger WHERE tenant_id = ? AND event IN ('TENANT_PROVISIONED', "
                + "'TENANT_PROVISIONING_ROLLED_BACK') ORDER BY entry_id DESC LIMIT 1")) {
            statement.setObject(1, tenantId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getString(1).equals("TENANT_PROVISIONED")
                        ? java.util.Optional.ofNullable(rs.getString(2)) : java.util.Optional.empty();
            }
        }
    }

    /**
     * Removes whatever an unfinished run left of the tenant (schema, roles, data key) and records
     * the removal in the ledger. Returns true when there was something to remove.
     */
    static boolean removeLeftovers(Connection connection, String region, UUID tenantId, TenantSlug slug, String reason)
            throws SQLException {
        List<String> roles = existingRoles(connection, slug);
        boolean schemaExists = exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", slug.schema());
        boolean keyExists = exists(connection, "SELECT 1 FROM fleet.tenant_keys WHERE tenant_slug = ?", slug.value());
        if (roles.isEmpty() && !schemaExists && !keyExists) {
            return false;
        }
        inTransaction(connection, statement -> {
            statement.execute("DROP SCHEMA IF EXISTS " + TenantSlug.quote(slug.schema()) + " CASCADE");
            if (!roles.isEmpty()) {
                String quoted = String.join(", ", roles.stream().map(TenantSlug::quote).toList());
                statement.execute("DROP OWNED BY " + quoted + " CASCADE");
                for (String role : roles) {
                    statement.execute("DROP ROLE " + TenantSlug.quote(role));
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM fleet.tenant_keys WHERE tenant_slug = ?")) {
                delete.setString(1, slug.value());
                delete.executeUpdate();
            }
            ResidencyLedger.append(connection, region, "TENANT_PROVISIONING_ROLLED_BACK", tenantId, slug.value(),
                    slug.schema(), Map.of("reason", reason));
        });
        return true;
    }

    private static List<String> existingRoles(Connection connection, TenantSlug slug) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT rolname FROM pg_roles WHERE rolname IN (?, ?, ?) ORDER BY rolname")) {
            statement.setString(1, slug.ownerRole());
            statement.setString(2, slug.appRole());
            statement.setString(3, slug.readOnlyRole());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
        }
        return roles;
    }

    private static boolean exists(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    interface Work {
        void run(Statement statement) throws SQLException;
    }

    static void inTransaction(Connection connection, Work work) throws SQLException {
        io.tenantfleet.region.RegionGuard.inTransaction(connection, c -> {
            try (Statement statement = c.createStatement()) {
                work.run(statement);
            }
            return null;
        });
    }
}
