package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Purges one tenant schema on a region connection: per mapped table in purge order (children
 * before parents), rows due to go are deleted (a parent with its children, in one statement), then
 * rows past retention are anonymized where the table says so, then audit rows past the audit
 * retention are pruned, all in batches ({@link PurgeBatches}). Held rows, and parents of held rows,
 * are never touched. The dry run counts the same predicates in a read-only transaction.
 */
public final class TenantPurger {

    /** What a purge did to a tenant. */
    public record Result(List<TableCounts> tables, long pruned, long maxLockMs) {

        public long removed() {
            return tables.stream().mapToLong(TableCounts::removed).sum();
        }

        public long anonymized() {
            return tables.stream().mapToLong(TableCounts::anonymized).sum();
        }

        public long held() {
            return tables.stream().mapToLong(TableCounts::held).sum();
        }

        public long left() {
            return tables.stream().mapToLong(TableCounts::left).sum();
        }
    }

    private final TenantSlug slug;
    private final UUID orgId;
    private final RetentionMap map;
    private final PurgeSql sql;
    private final Cutoffs cutoffs;
    private final PurgeBatches batches;

    public TenantPurger(TenantSlug slug, UUID orgId, RetentionMap map, Cutoffs cutoffs, int maxBatch) {
        this.slug = slug;
        this.orgId = orgId;
        this.map = map;
        this.sql = new PurgeSql(slug, map, cutoffs);
        this.cutoffs = cutoffs;
        this.batches = new PurgeBatches(slug, orgId, maxBatch);
    }

    /**
     * Purges the tenant on {@code connection} (it manages the transactions itself: one per batch).
     * A table with children deletes each batch of its due rows together with their child rows, in
     * one statement, so that children never go while their parent stays.
     */
    public Result purge(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        Map<String, Long> removed = new HashMap<>();
        Map<String, Long> anonymized = new HashMap<>();
        try {
            for (MappedTable table : map.tables()) {
                if (table.purged()) {
                    List<MappedTable> children = map.children(table);
                    batches.run(connection, (size, skip) -> deleteBatch(table, children, size, skip), rows -> {
                        removed.merge(table.table(), rows[0], Long::sum);
                        for (int i = 0; i < children.size(); i++) {
                            removed.merge(children.get(i).table(), rows[i + 1], Long::sum);
                        }
                    });
                    if (table.action() == MappedTable.Action.ANONYMIZE) {
                        batches.run(connection, (size, skip) -> anonymizeBatch(table, size, skip),
                                rows -> anonymized.merge(table.table(), rows[0], Long::sum));
                    }
                }
            }
            long[] pruned = {0};
            if (cutoffs.audit().isPresent()) {
                batches.run(connection, (size, skip) -> new Sql().append("SELECT " + TenantSlug.quote(slug.schema())
                        + ".prune_audit_log(").param(cutoffs.audit().get()).append(", ").param(size).append(")"),
                        rows -> pruned[0] += rows[0]);
            }
            List<TableCounts> tables = new ArrayList<>();
            for (MappedTable table : map.tables()) {
                if (table.purged()) {
                    tables.add(count(connection, table, removed.getOrDefault(table.table(), 0L),
                            anonymized.getOrDefault(table.table(), 0L)));
                }
            }
            return new Result(tables, pruned[0], batches.maxLockMs());
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** What {@link #purge} would do, in a read-only transaction: removed and anonymized are the rows that would go. */
    public Result dryRun(Connection connection) throws SQLException {
        List<TableCounts> tables = new ArrayList<>();
        TenantSession.actAsOwner(connection, slug, orgId);
        for (MappedTable table : map.tables()) {
            if (table.purged()) {
                long[] counts = counts(connection, table);
                tables.add(new TableCounts(table.table(), table.category(), counts[0], counts[1], counts[2], 0));
            }
        }
        return new Result(tables, prunable(connection), 0);
    }

    /**
     * Rows of a table, of those due (to be deleted or anonymized): that go, that are anonymized
     * (and do not go), and that a hold keeps.
     */
    private long[] counts(Connection connection, MappedTable table) throws SQLException {
        Sql goes = sql.goes(table, "t");
        Sql anonymized = new Sql().append("(").append(sql.anonymizable(table, "t")).append(" AND NOT ")
                .append(sql.kept(table, "t")).append(" AND NOT ").append(goes).append(")");
        Sql select = new Sql().append("SELECT count(*) FILTER (WHERE ").append(goes).append("), count(*) FILTER (WHERE ")
                .append(anonymized).append("), count(*) FILTER (WHERE NOT ").append(goes).append(" AND NOT ")
                .append(anonymized).append(") FROM " + sql.table(table) + " t WHERE (").append(sql.due(table, "t"))
                .append(" OR ").append(sql.anonymizable(table, "t")).append(")");
        try (PreparedStatement query = select.prepare(connection); ResultSet row = query.executeQuery()) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
        }
    }

    /**
     * Deletes a batch of the table's rows due on their own (soft-deleted past the grace, or past
     * retention), neither held nor with a held child, with all their child rows; counts per table.
     */
    private Sql deleteBatch(MappedTable table, List<MappedTable> children, int size, boolean skipLocked) {
        Sql statement = new Sql().append("WITH batch AS (SELECT " + PurgeSql.column("t", table.key()) + " AS k FROM "
                + sql.table(table) + " t WHERE ").append(sql.dueOnItsOwn(table, "t")).append(" AND NOT ")
                .append(sql.kept(table, "t")).append(" LIMIT ").param(size)
                .append(" FOR UPDATE OF t" + (skipLocked ? " SKIP LOCKED" : "") + ")");
        StringBuilder select = new StringBuilder(" SELECT (SELECT count(*) FROM d)");
        for (int i = 0; i < children.size(); i++) {
            MappedTable child = children.get(i);
            statement.append(", c" + i + " AS (DELETE FROM " + sql.table(child) + " c USING batch WHERE "
                    + PurgeSql.column("c", child.parentColumn().orElseThrow()) + " = batch.k RETURNING 1)");
            select.append(", (SELECT count(*) FROM c").append(i).append(')');
        }
        return statement.append(", d AS (DELETE FROM " + sql.table(table) + " d USING batch WHERE "
                + PurgeSql.column("d", table.key()) + " = batch.k RETURNING 1)").append(select.toString());
    }

    private Sql anonymizeBatch(MappedTable table, int size, boolean skipLocked) {
        return new Sql().append("WITH batch AS (SELECT " + PurgeSql.column("t", table.key()) + " AS k FROM "
                + sql.table(table) + " t WHERE ").append(sql.anonymizable(table, "t")).append(" AND NOT ")
                .append(sql.kept(table, "t")).append(" LIMIT ").param(size)
                .append(" FOR UPDATE OF t" + (skipLocked ? " SKIP LOCKED" : "") + "), u AS (UPDATE " + sql.table(table)
                        + " u ").append(sql.anonymizeSet(table)).append(" FROM batch WHERE " + PurgeSql.column("u", table.key())
                        + " = batch.k RETURNING 1) SELECT count(*) FROM u");
    }

    private long prunable(Connection connection) throws SQLException {
        if (cutoffs.audit().isEmpty()) {
            return 0;
        }
        try (PreparedStatement select = new Sql().append("SELECT count(*) FROM " + TenantSlug.quote(slug.schema())
                + ".audit_log WHERE occurred_at < ").param(cutoffs.audit().get()).prepare(connection);
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** After the batches: what a hold kept, and what is left of the rows that should have gone. */
    private TableCounts count(Connection connection, MappedTable table, long removed, long anonymized) throws SQLException {
        TenantSession.actAsOwner(connection, slug, orgId);
        long[] counts = counts(connection, table);
        connection.commit();
        return new TableCounts(table.table(), table.category(), removed, anonymized, counts[2], counts[0] + counts[1]);
    }
}
