package io.tenantfleet.rollout;

import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The control plane's rollout runs and per-tenant rollout ledger. */
@Repository
public class RolloutLedger {

    private static final String RUN_COLUMNS = "run_id, target_version, status, regions, wave_size, max_failures, "
            + "parallel_per_region, batch_size, waves, halt_reason, owner, created_at, updated_at";
    private static final String TENANT_COLUMNS = "run_id, tenant_id, slug, region, wave, from_version, from_rank, to_version, state, "
            + "last_error, duration_ms, attempts";

    /** The result of one tenant in a wave, to be recorded. */
    record Result(UUID tenantId, String state, String error, Long durationMs, String version) {}

    private final JdbcClient jdbc;

    RolloutLedger(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long createRun(RolloutPlan plan, RolloutOptions options, String owner) {
        List<String> regions = plan.regions().stream().map(r -> r.region().id()).toList();
        List<String> canary = plan.pending().stream().filter(t -> t.wave() == 0).map(PlannedTenant::slug).toList();
        long runId = jdbc.sql("INSERT INTO rollout_run (target_version, status, regions, canary, wave_size, max_failures, "
                + "parallel_per_region, batch_size, waves, owner) VALUES (?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id")
                .param(plan.target().text()).param(regions.toArray(String[]::new)).param(canary.toArray(String[]::new))
                .param(options.waveSize().toString()).param(options.maxFailures().toString())
                .param(options.parallelPerRegion()).param(options.batchSize()).param(plan.waves()).param(owner)
                .query(Long.class).single();
        List<PlannedTenant> pending = plan.pending();
        jdbc.sql("""
                INSERT INTO rollout_tenant (run_id, tenant_id, slug, region, wave, from_version, from_rank, to_version, state)
                SELECT ?, t.tenant_id, t.slug, t.region, t.wave, t.from_version, t.from_rank, ?, 'pending'
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::integer[], ?::text[], ?::integer[])
                       AS t(tenant_id, slug, region, wave, from_version, from_rank)
                """).param(runId).param(plan.target().text())
                .param(pending.stream().map(PlannedTenant::tenantId).toArray(UUID[]::new))
                .param(pending.stream().map(PlannedTenant::slug).toArray(String[]::new))
                .param(pending.stream().map(PlannedTenant::region).toArray(String[]::new))
                .param(pending.stream().map(PlannedTenant::wave).toArray(Integer[]::new))
                .param(pending.stream().map(t -> t.from().text()).toArray(String[]::new))
                .param(pending.stream().map(PlannedTenant::fromRank).toArray(Integer[]::new))
                .update();
        return runId;
    }

    Optional<RolloutRun> run(long runId) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM rollout_run WHERE run_id = ?").param(runId)
                .query(RolloutLedger::mapRun).optional();
    }

    Optional<RolloutRun> latestRun() {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM rollout_run ORDER BY run_id DESC LIMIT 1")
                .query(RolloutLedger::mapRun).optional();
    }

    List<RolloutRun> running() {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM rollout_run WHERE status = 'RUNNING' ORDER BY run_id")
                .query(RolloutLedger::mapRun).list();
    }

    List<RolloutTenant> tenants(long runId) {
        return jdbc.sql("SELECT " + TENANT_COLUMNS + " FROM rollout_tenant WHERE run_id = ? ORDER BY wave, region, slug")
                .param(runId).query(RolloutLedger::mapTenant).list();
    }

    /** Tenants of a wave that are not done yet (pending, migrating, skipped), by region then slug. */
    List<RolloutTenant> unfinished(long runId, int wave) {
        return jdbc.sql("SELECT " + TENANT_COLUMNS + " FROM rollout_tenant WHERE run_id = ? AND wave = ? "
                + "AND state IN ('pending', 'migrating', 'skipped') ORDER BY region, slug")
                .param(runId).param(wave).query(RolloutLedger::mapTenant).list();
    }

    void markMigrating(long runId, int wave) {
        jdbc.sql("UPDATE rollout_tenant SET state = 'migrating', attempts = attempts + 1, updated_at = now() "
                + "WHERE run_id = ? AND wave = ? AND state IN ('pending', 'skipped')").param(runId).param(wave).update();
    }

    /**
     * Records results with one statement per table however many there are; done tenants also get
     * their new version in the registry.
     */
    void record(long runId, List<Result> results) {
        if (results.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE rollout_tenant t SET state = r.state, last_error = r.error, duration_ms = r.ms, updated_at = now()
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::integer[]) AS r(tenant_id, state, error, ms)
                 WHERE t.run_id = ? AND t.tenant_id = r.tenant_id
                """).param(results.stream().map(Result::tenantId).toArray(UUID[]::new))
                .param(results.stream().map(Result::state).toArray(String[]::new))
                .param(results.stream().map(Result::error).toArray(String[]::new))
                .param(results.stream().map(r -> r.durationMs() == null ? null : r.durationMs().intValue()).toArray(Integer[]::new))
                .param(runId).update();
        List<Result> done = results.stream().filter(r -> r.state().equals("done")).toList();
        if (!done.isEmpty()) {
            jdbc.sql("""
                    UPDATE tenant t SET schema_version = r.version, updated_at = now()
                      FROM unnest(?::uuid[], ?::text[]) AS r(tenant_id, version) WHERE t.tenant_id = r.tenant_id
                    """).param(done.stream().map(Result::tenantId).toArray(UUID[]::new))
                    .param(done.stream().map(Result::version).toArray(String[]::new)).update();
        }
    }

    /** Where an unfinished tenant starts when its run resumes: its schema's version and history rank now. */
    record Start(UUID tenantId, String version, Integer rank) {}

    void restartFrom(long runId, List<Start> starts) {
        if (starts.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE rollout_tenant t SET from_version = r.version, from_rank = r.rank, updated_at = now()
                  FROM unnest(?::uuid[], ?::text[], ?::integer[]) AS r(tenant_id, version, rank)
                 WHERE t.run_id = ? AND t.tenant_id = r.tenant_id AND t.state <> 'done'
                """).param(starts.stream().map(Start::tenantId).toArray(UUID[]::new))
                .param(starts.stream().map(Start::version).toArray(String[]::new))
                .param(starts.stream().map(Start::rank).toArray(Integer[]::new))
                .param(runId).update();
    }

    /** Failed tenants go back to pending so that a resume tries them again. */
    void retryFailed(long runId) {
        jdbc.sql("UPDATE rollout_tenant SET state = 'pending', updated_at = now() WHERE run_id = ? AND state = 'failed'")
                .param(runId).update();
    }

    void setStatus(long runId, String status, String reason) {
        jdbc.sql("UPDATE rollout_run SET status = ?, halt_reason = ?, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END WHERE run_id = ?")
                .param(status).param(reason).param(status).param(runId).update();
    }

    /** Counts per state for a run. */
    java.util.Map<String, Integer> counts(long runId) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT state, count(*) FROM rollout_tenant WHERE run_id = ? GROUP BY state").param(runId)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        return counts;
    }

    /** The latest rollout line of each tenant, by tenant id. */
    public java.util.Map<UUID, RolloutTenant> latestPerTenant() {
        java.util.Map<UUID, RolloutTenant> latest = new java.util.HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (tenant_id) " + TENANT_COLUMNS + " FROM rollout_tenant ORDER BY tenant_id, run_id DESC")
                .query(RolloutLedger::mapTenant).list().forEach(t -> latest.put(t.tenantId(), t));
        return latest;
    }

    private static RolloutRun mapRun(ResultSet rs, int row) throws SQLException {
        Array regions = rs.getArray("regions");
        return new RolloutRun(rs.getLong("run_id"), rs.getString("target_version"), rs.getString("status"),
                Arrays.asList((String[]) regions.getArray()), rs.getString("wave_size"), rs.getString("max_failures"),
                rs.getInt("parallel_per_region"), rs.getInt("batch_size"), rs.getInt("waves"), Optional.ofNullable(rs.getString("halt_reason")),
                rs.getString("owner"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static RolloutTenant mapTenant(ResultSet rs, int row) throws SQLException {
        int duration = rs.getInt("duration_ms");
        Optional<Integer> durationMs = rs.wasNull() ? Optional.empty() : Optional.of(duration);
        return new RolloutTenant(rs.getLong("run_id"), rs.getObject("tenant_id", UUID.class), rs.getString("slug"),
                rs.getString("region"), rs.getInt("wave"), rs.getString("from_version"), rs.getObject("from_rank", Integer.class),
                rs.getString("to_version"),
                rs.getString("state"), Optional.ofNullable(rs.getString("last_error")), durationMs, rs.getInt("attempts"));
    }

}
