package io.tenantfleet.retention;

import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenant's {@code retention_policy} table, the one class that reads and writes it. Callers act
 * as the tenant's owner for its organization first ({@link io.tenantfleet.tenant.TenantSession}),
 * inside their transaction.
 */
public final class RetentionPolicyRows {

    private RetentionPolicyRows() {
    }

    /** The rows not soft-deleted, as stored. Call while acting as the owner. */
    static List<StoredRetention> read(Connection connection, TenantSlug slug) throws SQLException {
        List<StoredRetention> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT category, retention_days, set_by FROM "
                + TenantSlug.quote(slug.schema()) + ".retention_policy WHERE deleted_at IS NULL ORDER BY category");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                int days = rs.getInt(2);
                Optional<String> setBy = Optional.ofNullable(rs.getString(3));
                DataCategory.find(rs.getString(1)).ifPresent(category -> rows.add(new StoredRetention(category, days, setBy)));
            }
        }
        return rows;
    }

    /**
     * Writes every category of {@code policy} (a new tenant's rules), as the owner acting for the
     * organization: the caller has set both. A schema provisioned from a template before version 3
     * (its retention_policy has two categories and no set_by) gets those two, as that template did.
     */
    public static void writeAll(Connection connection, TenantSlug slug, UUID orgId, RetentionPolicy policy,
            String schemaVersion) throws SQLException {
        boolean byCategory = RetentionPolicies.major(schemaVersion) >= RetentionPolicies.TEMPLATE_VERSION;
        for (CategoryPolicy category : policy.categories().values()) {
            if (byCategory) {
                write(connection, slug, orgId, policy.frameworks(), category);
            } else if (category.category() == DataCategory.PERSONAL_DATA || category.category() == DataCategory.AUDIT_RECORDS) {
                writeBeforeVersion3(connection, slug, orgId, policy.frameworks(), category);
            }
        }
    }

    private static void writeBeforeVersion3(Connection connection, TenantSlug slug, UUID orgId, List<String> frameworks,
            CategoryPolicy category) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TenantSlug.quote(slug.schema())
                + ".retention_policy (category, org_id, retention_days, minimum_days, maximum_days, jurisdictions) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, category.category().key());
            insert.setObject(2, orgId);
            insert.setInt(3, category.days());
            insert.setInt(4, category.minDays());
            insert.setObject(5, category.maxDays().isPresent() ? category.maxDays().getAsInt() : null, Types.INTEGER);
            insert.setArray(6, connection.createArrayOf("text", frameworks.toArray()));
            insert.executeUpdate();
        }
    }

    /** Inserts or replaces the row of {@code category}'s category with its days, limits and the rule that set them. */
    static void write(Connection connection, TenantSlug slug, UUID orgId, List<String> frameworks,
            CategoryPolicy category) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TenantSlug.quote(slug.schema())
                + ".retention_policy (category, org_id, retention_days, minimum_days, maximum_days, jurisdictions, set_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (category) DO UPDATE SET retention_days = excluded.retention_days, "
                + "minimum_days = excluded.minimum_days, maximum_days = excluded.maximum_days, "
                + "jurisdictions = excluded.jurisdictions, set_by = excluded.set_by, deleted_at = NULL")) {
            upsert.setString(1, category.category().key());
            upsert.setObject(2, orgId);
            upsert.setInt(3, category.days());
            upsert.setInt(4, category.minDays());
            upsert.setObject(5, category.maxDays().isPresent() ? category.maxDays().getAsInt() : null, Types.INTEGER);
            upsert.setArray(6, connection.createArrayOf("text", frameworks.toArray()));
            upsert.setString(7, category.setBy());
            upsert.executeUpdate();
        }
    }
}
