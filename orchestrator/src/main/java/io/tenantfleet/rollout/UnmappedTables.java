package io.tenantfleet.rollout;

import io.tenantfleet.retention.RetentionMap;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Tables of a tenant schema that its {@code retention_map} does not map: retention would not know
 * what to do with their rows. From the template version that creates {@code retention_map} on,
 * every table must have a row in it; drift reports each one that has none.
 */
final class UnmappedTables {

    /** The template version that creates retention_map (sql/tenant/V3). */
    static final TemplateVersion SINCE = TemplateVersion.parse("3");

    private UnmappedTables() {
    }

    /**
     * The schema's tables with no row in its retention_map, by name; empty when the schema has no
     * retention_map (the structure comparison reports that table as missing).
     */
    static List<String> read(Connection connection, TenantSlug slug) throws SQLException {
        return RetentionMap.hasTable(connection, slug, "retention_map") ? RetentionMap.unmapped(connection, slug)
                : List.of();
    }

    /** One drift line per unmapped table, for a schema at {@code version}; none before {@link #SINCE}. */
    static List<String> differences(String version, List<String> tables) {
        if (tables == null || TemplateVersion.parse(version).compareTo(SINCE) < 0) {
            return List.of();
        }
        return tables.stream().map(table -> "unmapped: table " + table + " has no row in retention_map").toList();
    }
}
