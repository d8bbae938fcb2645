package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Purges one tenant schema on a region connection: per mapped table in purge order (children
 * before parents), rows due to go are deleted, then rows past retention are anonymized where the
 * table says so, then audit rows past their maximum are pruned. Each batch is its own short
 * transaction with a lock timeout; rows locked by live traffic are skipped (SKIP LOCKED) and the
 * batch size follows the measured time per row so that a transaction holds its row locks for about
 * {@code TARGET_LOCK_MS}.
 * Held rows are never touched. The dry run counts the same predicates in a read-only transaction.
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

    static final int TARGET_LOCK_MS = 80;
    private static final int LOCK_TIMEOUT_MS = 200;
    private static final int MIN_BATCH = 20;
    private static final int FIRST_BATCH = 100;
    private static final int LOCKED_ATTEMPTS = 5;
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final TenantSlug slug;
    private final UUID orgId;
    private final RetentionMap map;
    private final PurgeSql sql;
    private final Cutoffs cutoffs;
    private final int maxBatch;
    private int batch;
    private long maxLockMs;

    public TenantPurger(TenantSlug slug, UUID orgId, RetentionMap map, Cutoffs cutoffs, int maxBatch) {
        this.slug = slug;
        this.orgId = orgId;
        this.map = map;
        this.sql = new PurgeSql(slug, map, cutoffs);
        this.cutoffs = cutoffs;
        this.maxBatch = maxBatch;
        this.batch = Math.min(maxBatch, FIRST_BATCH);
    }

    /** Purges the tenant; {@code connection} must be in auto-commit mode (each batch commits). */
    public Result purge(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<TableCounts> tables = new ArrayList<>();
            for (MappedTable table : map.tables()) {
                if (table.purged()) {
                    long removed = repeat(connection, (size, skip) -> deleteBatch(table, size, skip));
                    long anonymized = table.action() == MappedTable.Action.ANONYMIZE
                            ? repeat(connection, (size, skip) -> anonymizeBatch(table, size, skip)) : 0;
                    tables.add(count(connection, table, removed, anonymized));
                }
            }
            long pruned = prune(connection);
            return new Result(tables, pruned, maxLockMs);
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
                Sql due = new Sql().append("SELECT count(*) FILTER (WHERE NOT (").append(heldOrBlocked(table))
                        .append(") AND ").append(sql.deletable(table, "t")).append("), count(*) FILTER (WHERE NOT (")
                        .append(heldOrBlocked(table)).append(") AND NOT ").append(sql.deletable(table, "t")).append(" AND ")
                        .append(sql.anonymizable(table, "t")).append("), count(*) FILTER (WHERE ").append(heldOrBlocked(table))
                        .append(") FROM " + sql.table(table) + " t WHERE ").append(due(table));
                try (PreparedStatement select = due.prepare(connection); ResultSet row = select.executeQuery()) {
                    row.next();
                    tables.add(new TableCounts(table.table(), table.category(), row.getLong(1), row.getLong(2),
                            row.getLong(3), 0));
                }
            }
        }
        return new Result(tables, prunable(connection), 0);
    }

    /** A batch statement for a batch size, skipping rows locked by others or waiting for them. */
    private interface BatchStatement {
        Sql build(int size, boolean skipLocked);
    }

    private Sql deleteBatch(MappedTable table, int size, boolean skipLocked) {
        String key = PurgeSql.column("t", table.key());
        return new Sql().append("WITH batch AS (SELECT " + key + " AS k FROM " + sql.table(table) + " t WHERE ")
                .append(sql.deletable(table, "t")).append(" AND NOT ").append(sql.held(table, "t")).append(" AND ")
                .append(sql.childless(table, "t")).append(" LIMIT ").param(size).append(" FOR UPDATE OF t" + (skipLocked ? " SKIP LOCKED" : "") + ") DELETE FROM "
                        + sql.table(table) + " d USING batch WHERE " + PurgeSql.column("d", table.key()) + " = batch.k");
    }

    private Sql anonymizeBatch(MappedTable table, int size, boolean skipLocked) {
        String key = PurgeSql.column("t", table.key());
        return new Sql().append("WITH batch AS (SELECT " + key + " AS k FROM " + sql.table(table) + " t WHERE ")
                .append(sql.anonymizable(table, "t")).append(" AND NOT ").append(sql.held(table, "t"))
                .append(" LIMIT ").param(size).append(" FOR UPDATE OF t" + (skipLocked ? " SKIP LOCKED" : "") + ") UPDATE "
                        + sql.table(table) + " u ")
                .append(sql.anonymizeSet(table)).append(" FROM batch WHERE " + PurgeSql.column("u", table.key()) + " = batch.k");
    }

    /**
     * Runs batches until one comes back short, skipping rows that live traffic has locked; then runs
     * them again waiting for such rows (each wait bounded by the lock timeout, a few attempts), so
     * that rows locked for a moment do not outlive their cut-off. Rows still locked after that are
     * left (counted) for the next run.
     */
    private long repeat(Connection connection, BatchStatement statement) throws SQLException {
        long[] total = {0};
        batches(connection, statement, true, total);
        for (int attempt = 1; attempt <= LOCKED_ATTEMPTS; attempt++) {
            try {
                batches(connection, statement, false, total);
                break;
            } catch (SQLException e) {
                connection.rollback();
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                pause(attempt * 50L);
            }
        }
        return total[0];
    }

    private void batches(Connection connection, BatchStatement statement, boolean skipLocked, long[] total)
            throws SQLException {
        while (true) {
            int size = batch;
            long started = System.nanoTime();
            int done;
            TenantSession.actAsOwner(connection, slug, orgId, LOCK_TIMEOUT_MS);
            try (PreparedStatement update = statement.build(size, skipLocked).prepare(connection)) {
                done = update.executeUpdate();
            }
            connection.commit();
            adapt((System.nanoTime() - started) / 1_000_000, done);
            total[0] += done;
            if (done < size) {
                return;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sizes the next batch from the time per row of the last one, so that a transaction holds its
     * row locks for about {@code TARGET_LOCK_MS}: at most double the last size, never below
     * {@code MIN_BATCH} or above the run's batch size.
     */
    private void adapt(long millis, int rows) {
        maxLockMs = Math.max(maxLockMs, millis);
        if (rows == 0) {
            batch = millis > TARGET_LOCK_MS ? Math.min(maxBatch, Math.max(MIN_BATCH, batch / 2)) : batch;
            return;
        }
        double perRow = Math.max((double) millis / rows, 0.01);
        int fitting = (int) Math.min(maxBatch, TARGET_LOCK_MS / perRow);
        batch = Math.min(maxBatch, Math.max(MIN_BATCH, Math.min(fitting, batch * 2)));
    }

    private long prune(Connection connection) throws SQLException {
        if (cutoffs.audit().isEmpty()) {
            return 0;
        }
        long total = 0;
        while (true) {
            TenantSession.actAsOwner(connection, slug, orgId, LOCK_TIMEOUT_MS);
            long started = System.nanoTime();
            int pruned;
            try (PreparedStatement select = new Sql().append("SELECT " + TenantSlug.quote(slug.schema())
                    + ".prune_audit_log(").param(cutoffs.audit().get()).append(", ").param(batch).append(")")
                    .prepare(connection); ResultSet row = select.executeQuery()) {
                row.next();
                pruned = row.getInt(1);
            }
            connection.commit();
            adapt((System.nanoTime() - started) / 1_000_000, pruned);
            total += pruned;
            if (pruned == 0) {
                return total;
            }
        }
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

    /** After the batches: what is held back and what is left of the rows due to go. */
    private TableCounts count(Connection connection, MappedTable table, long removed, long anonymized) throws SQLException {
        TenantSession.actAsOwner(connection, slug, orgId);
        Sql counts = new Sql().append("SELECT count(*) FILTER (WHERE ").append(heldOrBlocked(table))
                .append("), count(*) FILTER (WHERE NOT (").append(heldOrBlocked(table)).append(")) FROM " + sql.table(table)
                        + " t WHERE ").append(due(table));
        try (PreparedStatement select = counts.prepare(connection); ResultSet row = select.executeQuery()) {
            row.next();
            TableCounts result = new TableCounts(table.table(), table.category(), removed, anonymized, row.getLong(1),
                    row.getLong(2));
            connection.commit();
            return result;
        }
    }

    /** Rows due to go: to be deleted or anonymized. */
    private Sql due(MappedTable table) {
        return new Sql().append("(").append(sql.deletable(table, "t")).append(" OR ").append(sql.anonymizable(table, "t"))
                .append(")");
    }

    /** Rows a hold keeps, or parents kept by a held child row. */
    private Sql heldOrBlocked(MappedTable table) {
        return new Sql().append(sql.held(table, "t")).append(" OR ").append(sql.heldChild(table, "t"));
    }
}
