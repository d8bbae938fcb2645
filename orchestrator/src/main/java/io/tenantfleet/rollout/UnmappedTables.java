package io.tenantfleet.rollout;

import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tables of a tenant schema that its {@code retention_map} does not map: retention would not know
 * what to do with their rows. From the template version that creates {@code retention_map} on,
 * every table must have a row in it; drift reports each one that has none.
 */
final class UnmappedTables {

    /** The template version that creates retention_map (sql/tenant/V3). */
    static final TemplateVersion SINCE = TemplateVersion.parse("3");

    private static final String UNMAPPED = "SELECT c.relname FROM pg_catalog.pg_class c "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
            + "AND NOT c.relispartition AND NOT EXISTS (SELECT 1 FROM %s.retention_map m WHERE m.table_name = c.relname) "
            + "ORDER BY 1";

    private UnmappedTables() {
    }

    /**
     * The schema's tables with no row in its retention_map, by name; empty when the schema has no
     * retention_map (the structure comparison reports that table as missing).
     */
    static List<String> read(Connection connection, TenantSlug slug) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(?) || '.retention_map') IS NOT NULL")) {
            exists.setString(1, slug.schema());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return List.of();
                }
            }
        }
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                UNMAPPED.formatted(TenantSlug.quote(slug.schema())))) {
            statement.setString(1, slug.schema());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** One drift line per unmapped table, for a schema at {@code version}; none before {@link #SINCE}. */
    static List<String> differences(String version, List<String> tables) {
        if (tables == null || TemplateVersion.parse(version).compareTo(SINCE) < 0) {
            return List.of();
        }
        return tables.stream().map(table -> "unmapped: table " + table + " has no row in retention_map").toList();
    }
}
