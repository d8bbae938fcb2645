package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSlug;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant schema's retention map as its region holds it (template V3 and later), with the tables
 * of the schema that have no mapping: those are reported, never silently kept or purged.
 *
 * @param tables   mapped tables in purge order (children before parents)
 * @param unmapped tables of the schema with no row in the map
 */
public record RetentionMap(List<MappedTable> tables, List<String> unmapped) {

    public RetentionMap {
        tables = List.copyOf(tables);
        unmapped = List.copyOf(unmapped);
    }

    /** Reads the map of {@code slug}'s schema; empty when the schema has none (template before V3). */
    public static Optional<RetentionMap> read(Connection connection, TenantSlug slug) throws SQLException {
        if (!hasMap(connection, slug)) {
            return Optional.empty();
        }
        List<MappedTable> tables = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT table_name, category, key_column, "
                + "age_columns, soft_delete_column, action, parent_table, parent_column, purge_order, subject_column, "
                + "(SELECT array_agg(e.key ORDER BY e.key) FROM jsonb_each_text(anonymize) e), "
                + "(SELECT array_agg(e.value ORDER BY e.key) FROM jsonb_each_text(anonymize) e) FROM " + TenantSlug.quote(slug.schema()) + ".retention_map ORDER BY purge_order, table_name");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(new MappedTable(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)),
                        strings(rows.getArray(4)), Optional.ofNullable(rows.getString(5)),
                        MappedTable.Action.valueOf(rows.getString(6).toUpperCase(java.util.Locale.ROOT)),
                        Optional.ofNullable(rows.getString(7)), Optional.ofNullable(rows.getString(8)), rows.getInt(9),
                        anonymize(strings(rows.getArray(11)), strings(rows.getArray(12))),
                        Optional.ofNullable(rows.getString(10))));
            }
        }
        return Optional.of(new RetentionMap(tables, unmapped(connection, slug)));
    }

    /** The mapped tables whose parent is {@code table}. */
    public List<MappedTable> children(MappedTable table) {
        return tables.stream().filter(t -> t.parentTable().filter(table.table()::equals).isPresent()).toList();
    }

    public Optional<MappedTable> find(String table) {
        return tables.stream().filter(t -> t.table().equals(table)).findFirst();
    }

    private static boolean hasMap(Connection connection, TenantSlug slug) throws SQLException {
        return hasTable(connection, slug, "retention_map");
    }

    /** True when the tenant's schema has {@code table} (template tables that later versions add). */
    public static boolean hasTable(Connection connection, TenantSlug slug, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, TenantSlug.quote(slug.schema()) + "." + TenantSlug.quote(table));
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /**
     * The schema's tables (not partitions) with no row in its retention_map, by name: what retention
     * run and drift report. The schema must have a retention_map.
     */
    public static List<String> unmapped(Connection connection, TenantSlug slug) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
                + "AND NOT c.relispartition AND NOT EXISTS (SELECT 1 FROM " + TenantSlug.quote(slug.schema())
                + ".retention_map m WHERE m.table_name = c.relname) ORDER BY 1")) {
            select.setString(1, slug.schema());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : java.util.Arrays.asList((String[]) array.getArray());
    }

    /** The anonymize jsonb as column to text (null: set to NULL), from its keys and values in key order. */
    private static Map<String, String> anonymize(List<String> columns, List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            map.put(columns.get(i), values.get(i));
        }
        return map;
    }
}
