package io.tenantfleet.rollout;

import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The control plane's rollout runs ({@code rollout_run}): one row per run, its options and status. */
@Repository
public class RolloutRuns implements RunLedger<RolloutRun> {

    private static final String COLUMNS = "run_id, target_version, status, regions, wave_size, max_failures, "
            + "parallel_per_region, batch_size, waves, halt_reason, owner, created_at, updated_at";

    private final JdbcClient jdbc;

    RolloutRuns(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long create(RolloutPlan plan, RolloutOptions options, String owner) {
        List<String> regions = plan.regions().stream().map(r -> r.region().id()).toList();
        List<String> canary = plan.pending().stream().filter(t -> t.wave() == 0).map(PlannedTenant::slug).toList();
        return jdbc.sql("INSERT INTO rollout_run (target_version, status, regions, canary, wave_size, max_failures, "
                + "parallel_per_region, batch_size, waves, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id")
                .param(plan.target().text()).param(RunStatus.RUNNING.name()).param(regions.toArray(String[]::new))
                .param(canary.toArray(String[]::new)).param(options.waveSize().toString())
                .param(options.maxFailures().toString()).param(options.parallelPerRegion()).param(options.batchSize())
                .param(plan.waves()).param(owner).query(Long.class).single();
    }

    @Override
    public Optional<RolloutRun> find(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM rollout_run WHERE run_id = ?").param(runId)
                .query(RolloutRuns::map).optional();
    }

    /** The run, which must exist (the caller got its id from the ledger). */
    @Override
    public RolloutRun get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException("rollout run " + runId + " is not recorded"));
    }

    @Override
    public Optional<RolloutRun> latest() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM rollout_run ORDER BY run_id DESC LIMIT 1").query(RolloutRuns::map)
                .optional();
    }

    @Override
    public List<RolloutRun> running() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM rollout_run WHERE status = ? ORDER BY run_id")
                .param(RunStatus.RUNNING.name()).query(RolloutRuns::map).list();
    }

    @Override
    public void setStatus(long runId, RunStatus status, String reason) {
        jdbc.sql("UPDATE rollout_run SET status = ?, halt_reason = ?, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END WHERE run_id = ?")
                .param(status.name()).param(reason).param(status.name()).param(runId).update();
    }

    private static RolloutRun map(ResultSet rs, int row) throws SQLException {
        Array regions = rs.getArray("regions");
        return new RolloutRun(rs.getLong("run_id"), rs.getString("target_version"), RunStatus.valueOf(rs.getString("status")),
                Arrays.asList((String[]) regions.getArray()), rs.getString("wave_size"), rs.getString("max_failures"),
                rs.getInt("parallel_per_region"), rs.getInt("batch_size"), rs.getInt("waves"),
                Optional.ofNullable(rs.getString("halt_reason")), rs.getString("owner"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
