package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSlug;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The predicates retention, its dry run and erasure share, for one tenant schema: which rows of a
 * mapped table an active legal hold covers, which are due to go, which wait for their children.
 * A row is held when a hold covers the whole tenant, its table, itself, or its parent row (or its
 * parent's table). A row goes when it was soft-deleted before the grace cut-off, when it is past
 * retention in a table whose rows are deleted, or when its parent goes; a parent goes with its
 * children, unless one of them is held (then both stay).
 */
public final class PurgeSql {

    private final String schema;
    private final RetentionMap map;
    private final Cutoffs cutoffs;

    public PurgeSql(TenantSlug slug, RetentionMap map, Cutoffs cutoffs) {
        this.schema = TenantSlug.quote(slug.schema());
        this.map = map;
        this.cutoffs = cutoffs;
    }

    /** {@code "org_acme"."users"}. */
    public String table(MappedTable table) {
        return schema + "." + TenantSlug.quote(table.table());
    }

    /** True for rows of {@code table} (as {@code alias}) that an active legal hold covers. */
    public static Sql held(String schema, MappedTable table, String alias) {
        Sql sql = new Sql().append("EXISTS (SELECT 1 FROM " + schema + ".legal_holds h WHERE h.released_at IS NULL "
                + "AND (h.held_until IS NULL OR h.held_until > now()) AND (h.table_name IS NULL OR (h.table_name = ")
                .param(table.table()).append(" AND (h.record_id IS NULL OR h.record_id = " + column(alias, table.key())
                        + "::text))");
        if (table.parentTable().isPresent()) {
            sql.append(" OR (h.table_name = ").param(table.parentTable().get()).append(" AND (h.record_id IS NULL OR "
                    + "h.record_id = " + column(alias, table.parentColumn().orElseThrow()) + "::text))");
        }
        return sql.append("))");
    }

    public Sql held(MappedTable table, String alias) {
        return held(schema, table, alias);
    }

    /**
     * True for rows due to be deleted on their own: soft-deleted before the grace, or past retention.
     * Never NULL (a row with no age is not due), so that negations of it count right.
     */
    public Sql dueOnItsOwn(MappedTable table, String alias) {
        Sql sql = new Sql().append("(false");
        table.softDeleteColumn().ifPresent(c -> sql.append(" OR coalesce(" + column(alias, c) + " < ")
                .param(cutoffs.grace()).append(", false)"));
        Optional<java.time.Instant> cutoff = cutoffs.of(table.category());
        if (table.action() == MappedTable.Action.DELETE && cutoff.isPresent() && !table.ageColumns().isEmpty()) {
            sql.append(" OR coalesce(" + age(table, alias) + " < ").param(cutoff.get()).append(", false)");
        }
        return sql.append(")");
    }

    /** True for rows due to be deleted, holds aside: due on their own, or with a parent due on its own. */
    public Sql due(MappedTable table, String alias) {
        Sql sql = new Sql().append("(").append(dueOnItsOwn(table, alias));
        parent(table, alias, sql, false);
        return sql.append(")");
    }

    /**
     * True for rows that go: due on their own or with a parent that goes (due on its own, not held,
     * no held child), and neither held nor with a held child themselves.
     */
    public Sql goes(MappedTable table, String alias) {
        Sql sql = new Sql().append("((").append(dueOnItsOwn(table, alias));
        parent(table, alias, sql, true);
        return sql.append(") AND NOT ").append(kept(table, alias)).append(")");
    }

    /** True for rows a legal hold keeps: held themselves (or by their parent), or with a held child. */
    public Sql kept(MappedTable table, String alias) {
        return new Sql().append("(").append(held(table, alias)).append(" OR ").append(heldChild(table, alias)).append(")");
    }

    /** {@code OR EXISTS (parent due on its own [and going])}, for a table with a parent. */
    private void parent(MappedTable table, String alias, Sql sql, boolean going) {
        if (table.parentTable().isPresent()) {
            MappedTable parent = map.find(table.parentTable().get()).orElseThrow();
            String p = alias + "_p";
            sql.append(" OR EXISTS (SELECT 1 FROM " + table(parent) + " " + p + " WHERE " + column(p, parent.key()) + " = "
                    + column(alias, table.parentColumn().orElseThrow()) + " AND ").append(dueOnItsOwn(parent, p));
            if (going) {
                sql.append(" AND NOT ").append(kept(parent, p));
            }
            sql.append(")");
        }
    }

    /** True for rows past retention in a table whose rows are anonymized, not yet anonymized. */
    public Sql anonymizable(MappedTable table, String alias) {
        Optional<java.time.Instant> cutoff = cutoffs.of(table.category());
        if (table.action() != MappedTable.Action.ANONYMIZE || cutoff.isEmpty() || table.ageColumns().isEmpty()) {
            return new Sql().append("false");
        }
        return new Sql().append("(" + column(alias, "anonymized_at") + " IS NULL AND coalesce(" + age(table, alias) + " < ")
                .param(cutoff.get()).append(", false))");
    }

    /** True for rows with a child row that a legal hold keeps (so they stay too: the child needs them). */
    public Sql heldChild(MappedTable table, String alias) {
        Sql sql = new Sql().append("(false");
        for (MappedTable child : map.children(table)) {
            sql.append(" OR EXISTS (SELECT 1 FROM " + table(child) + " c WHERE " + column("c", child.parentColumn().orElseThrow())
                    + " = " + column(alias, table.key()) + " AND ").append(held(child, "c")).append(")");
        }
        return sql.append(")");
    }

    /** {@code SET col = ?, ...} of an anonymizing update, marking the row anonymized. */
    public Sql anonymizeSet(MappedTable table) {
        Sql sql = new Sql().append("SET ");
        for (Map.Entry<String, String> value : table.anonymize().entrySet()) {
            sql.append(TenantSlug.quote(value.getKey()) + " = ");
            if (value.getValue() == null) {
                sql.append("NULL");
            } else {
                sql.param(value.getValue());
            }
            sql.append(", ");
        }
        return sql.append("anonymized_at = now()");
    }

    static String column(String alias, String column) {
        return alias + "." + TenantSlug.quote(column);
    }

    /** The latest of the table's age columns (NULLs ignored). */
    private static String age(MappedTable table, String alias) {
        List<String> columns = table.ageColumns().stream().map(c -> column(alias, c)).toList();
        return columns.size() == 1 ? columns.get(0) : "GREATEST(" + columns.stream().collect(Collectors.joining(", ")) + ")";
    }
}
