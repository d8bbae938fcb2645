package io.tenantfleet.retention;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.tenant.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The control plane's record of retention runs ({@code retention_run}, {@code retention_tenant}). */
@Repository
class RetentionLedger implements RunLedger<RetentionRun> {

    private static final String RUN = "run_id, status, regions, batch_size, grace_days, parallel_per_region, reason, owner, "
            + "created_at";
    private static final String TENANT = "tenant_id, slug, region, lane, state, removed, anonymized, pruned, held, left_rows, "
            + "unmapped, cutoffs::text, last_error, duration_ms";

    private final JdbcClient jdbc;

    private final io.tenantfleet.ops.FleetMeters meters;

    RetentionLedger(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc, io.tenantfleet.ops.FleetMeters meters) {
        this.meters = meters;
        this.jdbc = jdbc;
    }

    /** Records a new run and its tenants, dealt in slug order to the lanes of their region. */
    long create(List<String> regions, List<Tenant> tenants, RetentionOptions options, String owner) {
        SqlParameterValue graceDays = new SqlParameterValue(Types.INTEGER, options.graceDays().orElse(null));
        long runId = jdbc.sql("INSERT INTO retention_run (status, regions, batch_size, grace_days, parallel_per_region, owner) "
                + "VALUES (?, ?, ?, ?, ?, ?) RETURNING run_id").param(RunStatus.RUNNING.name())
                .param(regions.toArray(String[]::new)).param(options.batchSize())
                .param(graceDays).param(options.parallelPerRegion()).param(owner).query(Long.class).single();
        Map<String, Integer> dealt = new LinkedHashMap<>();
        int[] lanes = tenants.stream().sorted(java.util.Comparator.comparing(Tenant::slug))
                .mapToInt(t -> dealt.merge(t.homeRegion(), 1, Integer::sum) - 1).toArray();
        List<Tenant> sorted = tenants.stream().sorted(java.util.Comparator.comparing(Tenant::slug)).toList();
        jdbc.sql("INSERT INTO retention_tenant (run_id, tenant_id, slug, region, lane, state) "
                + "SELECT ?, t.id, t.slug, t.region, t.n % ?, 'pending' FROM unnest(?::uuid[], ?::text[], ?::text[], ?::integer[]) "
                + "AS t(id, slug, region, n)").param(runId).param(options.parallelPerRegion())
                .param(sorted.stream().map(Tenant::id).toArray(UUID[]::new))
                .param(sorted.stream().map(Tenant::slug).toArray(String[]::new))
                .param(sorted.stream().map(Tenant::homeRegion).toArray(String[]::new))
                .param(Arrays.stream(lanes).boxed().toArray(Integer[]::new)).update();
        return runId;
    }

    /** One wave; per region of the run with tenants, as many lanes as it has (up to the run's parallelism). */
    FleetLayout layout(long runId) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        RetentionRun run = get(runId);
        Map<String, Integer> found = new LinkedHashMap<>();
        jdbc.sql("SELECT region, max(lane) + 1 AS lanes FROM retention_tenant WHERE run_id = ? GROUP BY region").param(runId)
                .query((rs, row) -> found.put(rs.getString(1), rs.getInt(2))).list();
        run.regions().stream().filter(found::containsKey).forEach(r -> lanes.put(r, found.get(r)));
        return new FleetLayout(List.of(lanes));
    }

    List<RetentionTenant> open(long runId, String region, int lane) {
        return jdbc.sql("SELECT " + TENANT + " FROM retention_tenant WHERE run_id = ? AND region = ? AND lane = ? "
                + "AND state <> 'done' ORDER BY slug").param(runId).param(region).param(lane)
                .query(RetentionLedger::tenant).list();
    }

    List<RetentionTenant> tenants(long runId) {
        return jdbc.sql("SELECT " + TENANT + " FROM retention_tenant WHERE run_id = ? ORDER BY region, slug").param(runId)
                .query(RetentionLedger::tenant).list();
    }

    /** Fixes a tenant's cut-offs at its first attempt; returns the ones recorded (the first attempt's). */
    String fixCutoffs(long runId, UUID tenantId, String cutoffs) {
        return jdbc.sql("UPDATE retention_tenant SET cutoffs = coalesce(cutoffs, ?::jsonb), state = 'purging', "
                + "attempts = attempts + 1, updated_at = now() WHERE run_id = ? AND tenant_id = ? RETURNING cutoffs::text")
                .param(cutoffs).param(runId).param(tenantId).query(String.class).single();
    }

    void done(long runId, UUID tenantId, TenantPurger.Result result, List<String> unmapped, long millis) {
        jdbc.sql("UPDATE retention_tenant SET state = ?, removed = ?, anonymized = ?, pruned = ?, held = ?, left_rows = ?, "
                + "unmapped = ?, tables = ?::jsonb, last_error = ?, duration_ms = ?, updated_at = now() "
                + "WHERE run_id = ? AND tenant_id = ?").param(result.left() == 0 ? "done" : "pending")
                .param(result.removed()).param(result.anonymized()).param(result.pruned()).param(result.held())
                .param(result.left()).param(unmapped.toArray(String[]::new)).param(RetentionEvidence.tablesJson(result))
                .param(result.left() == 0 ? null : result.left() + " rows due to go were locked by live traffic; the next "
                        + "run removes them").param((int) millis).param(runId).param(tenantId).update();
        meters.purged(result.left() == 0 ? "done" : "pending", result.removed(), result.anonymized(), result.pruned(),
                result.held());
    }

    /** Marks a tenant done with the counts of the evidence an earlier attempt left in its region, with nothing left. */
    void doneBefore(long runId, UUID tenantId, Map<String, Long> evidence) {
        jdbc.sql("UPDATE retention_tenant SET state = 'done', removed = ?, anonymized = ?, pruned = ?, held = ?, left_rows = ?, "
                + "last_error = NULL, updated_at = now() WHERE run_id = ? AND tenant_id = ?")
                .param(evidence.getOrDefault("removed", 0L)).param(evidence.getOrDefault("anonymized", 0L))
                .param(evidence.getOrDefault("pruned_audit_rows", 0L)).param(evidence.getOrDefault("held", 0L))
                .param(0L).param(runId).param(tenantId).update();
    }

    void notDone(long runId, UUID tenantId, String state, String error) {
        jdbc.sql("UPDATE retention_tenant SET state = ?, last_error = ?, updated_at = now() WHERE run_id = ? AND tenant_id = ?")
                .param(state).param(error).param(runId).param(tenantId).update();
        meters.purged(state, 0, 0, 0, 0);
    }

    /** Tenants of the run by state. */
    Map<String, Integer> counts(long runId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT state, count(*) FROM retention_tenant WHERE run_id = ? GROUP BY state").param(runId)
                .query((rs, row) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

    /** The running run's line for a terminal: tenants done/total, failed ones, and the rows the done ones removed. */
    Optional<String> progressOfRunning() {
        return jdbc.sql("SELECT r.run_id, count(*) FILTER (WHERE t.state = 'done'), count(*), count(*) FILTER (WHERE "
                + "t.state = 'failed'), coalesce(sum(t.removed + t.anonymized + t.pruned) FILTER (WHERE t.state = 'done'), 0) "
                + "FROM retention_run r JOIN retention_tenant t USING (run_id) WHERE r.run_id = (SELECT max(run_id) "
                + "FROM retention_run WHERE status = 'RUNNING') GROUP BY r.run_id").query((rs, row) -> "retention "
                        + rs.getLong(1) + ": " + rs.getInt(2) + "/" + rs.getInt(3) + " tenants done"
                        + (rs.getInt(4) > 0 ? " (" + rs.getInt(4) + " failed)" : "") + ", " + rs.getLong(5)
                        + " rows removed").optional();
    }

    @Override
    public Optional<RetentionRun> find(long runId) {
        return jdbc.sql("SELECT " + RUN + " FROM retention_run WHERE run_id = ?").param(runId).query(RetentionLedger::run)
                .optional();
    }

    @Override
    public RetentionRun get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException("retention run " + runId + " is not recorded"));
    }

    @Override
    public Optional<RetentionRun> latest() {
        return jdbc.sql("SELECT " + RUN + " FROM retention_run ORDER BY run_id DESC LIMIT 1").query(RetentionLedger::run)
                .optional();
    }

    @Override
    public List<RetentionRun> running() {
        return jdbc.sql("SELECT " + RUN + " FROM retention_run WHERE status = 'RUNNING' ORDER BY run_id")
                .query(RetentionLedger::run).list();
    }

    @Override
    public void setStatus(long runId, RunStatus status, String reason) {
        jdbc.sql("UPDATE retention_run SET status = ?, reason = ?, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END WHERE run_id = ?")
                .param(status.name()).param(reason).param(status.name()).param(runId).update();
    }

    private static RetentionRun run(ResultSet rs, int row) throws SQLException {
        return new RetentionRun(rs.getLong("run_id"), RunStatus.valueOf(rs.getString("status")),
                Arrays.asList((String[]) rs.getArray("regions").getArray()), rs.getInt("batch_size"),
                Optional.ofNullable(rs.getObject("grace_days", Integer.class)),
                rs.getInt("parallel_per_region"), Optional.ofNullable(rs.getString("reason")), rs.getString("owner"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static RetentionTenant tenant(ResultSet rs, int row) throws SQLException {
        return new RetentionTenant(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                Arrays.asList((String[]) rs.getArray(11).getArray()), Optional.ofNullable(rs.getString(12)),
                Optional.ofNullable(rs.getString(13)), Optional.ofNullable((Integer) rs.getObject(14)));
    }
}
