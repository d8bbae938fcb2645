package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a purge's batch statements for one tenant, each batch its own short transaction: as the
 * tenant's owner, with a lock timeout, after taking a share lock on the tenant's legal holds (a
 * hold being placed waits for the batch, and the next batch sees it). A first pass skips rows live
 * traffic has locked; a second pass waits for them, so that a row locked for a moment does not
 * outlive its cut-off. A batch that meets a lock timeout, a deadlock, a serialization failure or a
 * row inserted under it since its snapshot (a foreign-key failure) is rolled back and tried again.
 * The batch size follows the measured time per row, so that a transaction holds its row locks for
 * about {@code TARGET_LOCK_MS}.
 */
final class PurgeBatches {

    /** A batch statement for a batch size; its one result row holds counts, the first the batch's own rows. */
    interface BatchStatement {
        Sql build(int size, boolean skipLocked);
    }

    /** Receives the counts of each committed batch. */
    interface Counts {
        void add(long[] rows);
    }

    static final int TARGET_LOCK_MS = 80;
    private static final int LOCK_TIMEOUT_MS = 200;
    private static final int MIN_BATCH = 20;
    private static final int FIRST_BATCH = 100;
    private static final int ATTEMPTS = 5;
    private static final Set<String> RETRIED = Set.of("55P03", "40P01", "40001", "23503");

    private final TenantSlug slug;
    private final UUID orgId;
    private final int maxBatch;
    private int batch;
    private long maxLockMs;

    PurgeBatches(TenantSlug slug, UUID orgId, int maxBatch) {
        this.slug = slug;
        this.orgId = orgId;
        this.maxBatch = maxBatch;
        this.batch = Math.min(maxBatch, FIRST_BATCH);
    }

    long maxLockMs() {
        return maxLockMs;
    }

    /** Both passes of a statement; {@code connection} has auto-commit off. */
    void run(Connection connection, BatchStatement statement, Counts counts) throws SQLException {
        while (batch(connection, statement, true, counts)) {
            // full batches: go on
        }
        while (batch(connection, statement, false, counts)) {
            // rows that were locked, taken now
        }
    }

    /** One batch, tried again on a transient failure; true when it was full (more may be due). */
    private boolean batch(Connection connection, BatchStatement statement, boolean skipLocked, Counts counts)
            throws SQLException {
        for (int attempt = 1;; attempt++) {
            int size = batch;
            long started = System.nanoTime();
            try {
                long[] rows = execute(connection, statement.build(size, skipLocked));
                connection.commit();
                long total = java.util.Arrays.stream(rows).sum();
                adapt((System.nanoTime() - started) / 1_000_000, total);
                counts.add(rows);
                return rows[0] == size;
            } catch (SQLException e) {
                connection.rollback();
                if (!RETRIED.contains(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
                batch = Math.max(1, Math.min(batch, Math.max(MIN_BATCH, batch / 2)));
                pause(attempt * 50L);
            }
        }
    }

    private long[] execute(Connection connection, Sql sql) throws SQLException {
        TenantSession.actAsOwner(connection, slug, orgId, LOCK_TIMEOUT_MS);
        try (Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE " + TenantSlug.quote(slug.schema()) + ".legal_holds IN SHARE MODE");
        }
        try (PreparedStatement select = sql.prepare(connection); ResultSet row = select.executeQuery()) {
            row.next();
            long[] rows = new long[row.getMetaData().getColumnCount()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = row.getLong(i + 1);
            }
            return rows;
        }
    }

    /** The next batch from the last one's time per row: at most double it, within [MIN_BATCH, maxBatch]. */
    private void adapt(long millis, long rows) {
        maxLockMs = Math.max(maxLockMs, millis);
        if (rows == 0) {
            return;
        }
        double perRow = Math.max((double) millis / rows, 0.01);
        int fitting = (int) Math.min(maxBatch, TARGET_LOCK_MS / perRow);
        batch = Math.min(maxBatch, Math.max(MIN_BATCH, Math.min(fitting, batch * 2)));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
