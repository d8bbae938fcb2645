package io.tenantfleet.provisioning;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The control plane's record of bulk onboarding runs ({@code bulk_run}, {@code bulk_row}). Display
 * names wait here only sealed under the master key, bound to their run and line, and are removed
 * as soon as their tenant is built or found present, and from every row when the run completes.
 */
@Repository
class BulkLedger implements RunLedger<BulkRun> {

    /** A row still to do, with its display name opened. */
    record Open(int line, ProvisionRequest request, String state) {}

    private static final String RUN = "run_id, status, source, regions, reason, owner, created_at";
    private static final String ROW = "line, coalesce(region, '-'), coalesce(slug, '-'), state, error, coalesce(millis, 0), attempts";

    private final JdbcClient jdbc;
    private final TenantKeyStore seals;

    BulkLedger(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc, TenantKeyStore seals) {
        this.jdbc = jdbc;
        this.seals = seals;
    }

    /**
     * Records a new run and its rows: valid ones pending with their sealed name, the others invalid
     * with their error (under their region when it is one of {@code known}).
     */
    long create(String source, List<BulkCheck.Checked> rows, List<String> regions, java.util.Set<String> known, String owner) {
        long runId = jdbc.sql("INSERT INTO bulk_run (status, source, regions, owner) VALUES (?, ?, ?, ?) RETURNING run_id")
                .param(RunStatus.RUNNING.name()).param(source).param(regions.toArray(String[]::new)).param(owner)
                .query(Long.class).single();
        for (BulkCheck.Checked row : rows) {
            ProvisionRequest request = row.request();
            jdbc.sql("INSERT INTO bulk_row (run_id, line, region, slug, frameworks, name_sealed, state, error) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)").param(runId).param(row.row().line())
                    .param(request != null ? request.region().id() : row.row().region() != null
                            && known.contains(row.row().region().strip()) ? row.row().region().strip() : null)
                    .param(request == null ? null : request.slug().value())
                    .param(request == null ? new String[0] : request.frameworks().toArray(String[]::new))
                    .param(request == null ? null : seals.seal(request.displayName(), context(runId, row.row().line())))
                    .param(request == null ? BulkRowState.INVALID : BulkRowState.PENDING).param(row.error()).update();
        }
        return runId;
    }

    private static String context(long runId, int line) {
        return "bulk_row:" + runId + ":" + line;
    }

    /** One wave, one lane per region. */
    FleetLayout layout(long runId) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        get(runId).regions().forEach(region -> lanes.put(region, 1));
        return new FleetLayout(List.of(lanes));
    }

    /** The rows of one region the run still has to do, in line order, as requests checked again against the catalog. */
    List<Open> open(long runId, String region, java.util.function.Function<BulkRow, ProvisionRequest> check) {
        return jdbc.sql("SELECT line, slug, frameworks, name_sealed, state FROM bulk_row WHERE run_id = ? AND region = ? "
                + "AND state IN ('pending', 'building', 'failed') ORDER BY line").param(runId).param(region)
                .query((rs, n) -> {
                    int line = rs.getInt(1);
                    String name = seals.open(rs.getBytes(4), context(runId, line));
                    List<String> frameworks = Arrays.asList((String[]) rs.getArray(3).getArray());
                    return new Open(line, check.apply(BulkRow.of(line, rs.getString(2), name, region, frameworks)),
                            rs.getString(5));
                }).list();
    }

    /** A row's tenant is being built (its registry row is PROVISIONING). */
    void building(long runId, int line, UUID tenantId) {
        jdbc.sql("UPDATE bulk_row SET state = 'building', tenant_id = ?, attempts = attempts + 1, updated_at = now() "
                + "WHERE run_id = ? AND line = ?").param(tenantId).param(runId).param(line).update();
    }

    /** A row done: provisioned or present; its sealed name goes. */
    void done(long runId, int line, String state, UUID tenantId, long millis) {
        jdbc.sql("UPDATE bulk_row SET state = ?, tenant_id = ?, name_sealed = NULL, error = NULL, millis = ?, "
                + "updated_at = now() WHERE run_id = ? AND line = ?").param(state).param(tenantId).param((int) millis)
                .param(runId).param(line).update();
    }

    void failed(long runId, int line, String error, long millis) {
        jdbc.sql("UPDATE bulk_row SET state = 'failed', error = ?, millis = ?, updated_at = now() WHERE run_id = ? "
                + "AND line = ?").param(error).param((int) millis).param(runId).param(line).update();
    }

    /** Fails a row the run has not done; returns its tenant when it was being built. */
    Optional<UUID> failedIfOpen(long runId, int line, String error) {
        return jdbc.sql("UPDATE bulk_row SET state = 'failed', error = ?, updated_at = now() WHERE run_id = ? AND line = ? "
                + "AND state IN ('pending', 'building') RETURNING tenant_id").param(error).param(runId).param(line)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class))).optional().flatMap(t -> t);
    }

    List<BulkRowState> rows(long runId) {
        return jdbc.sql("SELECT " + ROW + " FROM bulk_row WHERE run_id = ? ORDER BY line").param(runId)
                .query((rs, n) -> new BulkRowState(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Optional.ofNullable(rs.getString(5)), rs.getInt(6), rs.getInt(7))).list();
    }

    /** Rows of the run by state. */
    Map<String, Integer> counts(long runId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT state, count(*) FROM bulk_row WHERE run_id = ? GROUP BY state").param(runId)
                .query((rs, row) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

    @Override
    public Optional<BulkRun> find(long runId) {
        return jdbc.sql("SELECT " + RUN + " FROM bulk_run WHERE run_id = ?").param(runId).query(BulkLedger::run).optional();
    }

    @Override
    public BulkRun get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException("bulk provisioning run " + runId + " is not recorded"));
    }

    @Override
    public Optional<BulkRun> latest() {
        return jdbc.sql("SELECT " + RUN + " FROM bulk_run ORDER BY run_id DESC LIMIT 1").query(BulkLedger::run).optional();
    }

    @Override
    public List<BulkRun> running() {
        return jdbc.sql("SELECT " + RUN + " FROM bulk_run WHERE status = 'RUNNING' ORDER BY run_id")
                .query(BulkLedger::run).list();
    }

    /** Records the run's status; a completed run keeps no sealed name. */
    @Override
    public void setStatus(long runId, RunStatus status, String reason) {
        jdbc.sql("UPDATE bulk_run SET status = ?, reason = ?, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END WHERE run_id = ?")
                .param(status.name()).param(reason).param(status.name()).param(runId).update();
        if (status == RunStatus.COMPLETED) {
            jdbc.sql("UPDATE bulk_row SET name_sealed = NULL WHERE run_id = ? AND name_sealed IS NOT NULL").param(runId)
                    .update();
        }
    }

    private static BulkRun run(ResultSet rs, int row) throws SQLException {
        return new BulkRun(rs.getLong("run_id"), RunStatus.valueOf(rs.getString("status")), rs.getString("source"),
                Arrays.asList((String[]) rs.getArray("regions").getArray()), Optional.ofNullable(rs.getString("reason")),
                rs.getString("owner"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
