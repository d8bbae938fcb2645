package io.tenantfleet.sync;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The control plane's record of sync runs ({@code sync_run}, {@code sync_transfer}). */
@Repository
class SyncLedger implements RunLedger<SyncRun> {

    private static final String RUN = "run_id, status, regions, k_threshold, key_fingerprint, reason, owner, created_at";
    private static final String TRANSFER = "source_region, destination_region, state, rule, tenants, rows_written, "
            + "rows_removed, suppressed_cells, digest, last_error, attempts";

    private final JdbcClient jdbc;

    SyncLedger(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new run and its transfers, each pending or forbidden by its rule. */
    long create(List<SyncPlan.Transfer> transfers, List<String> sources, int kThreshold, String keyFingerprint,
            String owner) {
        long runId = jdbc.sql("INSERT INTO sync_run (status, regions, k_threshold, key_fingerprint, owner) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING run_id").param(RunStatus.RUNNING.name())
                .param(sources.toArray(String[]::new)).param(kThreshold).param(keyFingerprint).param(owner)
                .query(Long.class).single();
        for (SyncPlan.Transfer transfer : transfers) {
            jdbc.sql("INSERT INTO sync_transfer (run_id, source_region, destination_region, state, rule) "
                    + "VALUES (?, ?, ?, ?, ?)").param(runId).param(transfer.source()).param(transfer.destination())
                    .param(transfer.allowed() ? SyncTransfer.PENDING : SyncTransfer.FORBIDDEN).param(transfer.rule())
                    .update();
        }
        return runId;
    }

    /** One wave, one lane per source region. */
    FleetLayout layout(long runId) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        get(runId).regions().forEach(region -> lanes.put(region, 1));
        return new FleetLayout(List.of(lanes));
    }

    List<SyncTransfer> transfers(long runId) {
        return jdbc.sql("SELECT " + TRANSFER + " FROM sync_transfer WHERE run_id = ? ORDER BY source_region, "
                + "destination_region").param(runId).query(SyncLedger::transfer).list();
    }

    List<SyncTransfer> transfers(long runId, String source) {
        return jdbc.sql("SELECT " + TRANSFER + " FROM sync_transfer WHERE run_id = ? AND source_region = ? "
                + "ORDER BY destination_region").param(runId).param(source).query(SyncLedger::transfer).list();
    }

    void sent(long runId, String source, String destination, int tenants, MetadataWriter.Stored stored,
            int suppressedCells) {
        jdbc.sql("UPDATE sync_transfer SET state = 'sent', tenants = ?, rows_written = ?, rows_removed = ?, "
                + "suppressed_cells = ?, digest = ?, last_error = NULL, attempts = attempts + 1, updated_at = now() "
                + "WHERE run_id = ? AND source_region = ? AND destination_region = ?").param(tenants)
                .param(stored.written()).param(stored.removed()).param(suppressedCells).param(stored.digest())
                .param(runId).param(source).param(destination).update();
    }

    /** A transfer not done: {@code failed} (its destination down or refusing), or left {@code pending} (its source down). */
    void notSent(long runId, String source, String destination, String state, String error) {
        jdbc.sql("UPDATE sync_transfer SET state = ?, last_error = ?, attempts = attempts + 1, updated_at = now() "
                + "WHERE run_id = ? AND source_region = ? AND destination_region = ?").param(state).param(error)
                .param(runId).param(source).param(destination).update();
    }

    /** A forbidden transfer whose withholding the source's ledger now records. */
    void withheldRecorded(long runId, String source, String destination) {
        jdbc.sql("UPDATE sync_transfer SET attempts = attempts + 1, updated_at = now() "
                + "WHERE run_id = ? AND source_region = ? AND destination_region = ?").param(runId).param(source)
                .param(destination).update();
    }

    /** Transfers of the run by state. */
    Map<String, Integer> counts(long runId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT state, count(*) FROM sync_transfer WHERE run_id = ? GROUP BY state").param(runId)
                .query((rs, row) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

    @Override
    public Optional<SyncRun> find(long runId) {
        return jdbc.sql("SELECT " + RUN + " FROM sync_run WHERE run_id = ?").param(runId).query(SyncLedger::run).optional();
    }

    @Override
    public SyncRun get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException("sync run " + runId + " is not recorded"));
    }

    @Override
    public Optional<SyncRun> latest() {
        return jdbc.sql("SELECT " + RUN + " FROM sync_run ORDER BY run_id DESC LIMIT 1").query(SyncLedger::run).optional();
    }

    @Override
    public List<SyncRun> running() {
        return jdbc.sql("SELECT " + RUN + " FROM sync_run WHERE status = 'RUNNING' ORDER BY run_id")
                .query(SyncLedger::run).list();
    }

    @Override
    public void setStatus(long runId, RunStatus status, String reason) {
        jdbc.sql("UPDATE sync_run SET status = ?, reason = ?, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END WHERE run_id = ?")
                .param(status.name()).param(reason).param(status.name()).param(runId).update();
    }

    private static SyncRun run(ResultSet rs, int row) throws SQLException {
        return new SyncRun(rs.getLong("run_id"), RunStatus.valueOf(rs.getString("status")),
                Arrays.asList((String[]) rs.getArray("regions").getArray()), rs.getInt("k_threshold"),
                rs.getString("key_fingerprint"), Optional.ofNullable(rs.getString("reason")), rs.getString("owner"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static SyncTransfer transfer(ResultSet rs, int row) throws SQLException {
        return new SyncTransfer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getInt(6), rs.getInt(7), rs.getInt(8), Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(rs.getString(10)), rs.getInt(11));
    }
}
