package io.tenantfleet.rollout;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The control plane's per-tenant rollout ledger ({@code rollout_tenant}): each tenant's wave and
 * lane, where it starts from, and its state. The only class that writes that table.
 */
@Repository
public class RolloutLedger {

    private static final String COLUMNS = "run_id, tenant_id, slug, region, wave, lane, from_version, from_rank, to_version, "
            + "state, last_error, duration_ms, attempts";

    /** The result of one tenant, to be recorded. */
    record Result(UUID tenantId, RolloutState state, String error, Long durationMs, String version) {}

    /** Where an unfinished tenant starts when its run resumes: its schema's version and history rank now. */
    record Start(UUID tenantId, String version, Integer rank) {}

    private final JdbcClient jdbc;

    private final io.tenantfleet.ops.FleetMeters meters;

    RolloutLedger(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc, io.tenantfleet.ops.FleetMeters meters) {
        this.meters = meters;
        this.jdbc = jdbc;
    }

    /**
     * Records the planned tenants of a new run, each in a lane of its region's wave: a region gets
     * at most {@code lanes} lanes per wave, tenants dealt to them in slug order.
     */
    void plan(long runId, RolloutPlan plan, int lanes) {
        List<PlannedTenant> pending = plan.pending();
        Map<String, List<PlannedTenant>> byPartition = pending.stream().sorted(Comparator.comparing(PlannedTenant::slug))
                .collect(Collectors.groupingBy(t -> t.wave() + "/" + t.region(), LinkedHashMap::new, Collectors.toList()));
        Map<UUID, Integer> lane = new HashMap<>();
        byPartition.values().forEach(group -> {
            int count = Math.min(lanes, group.size());
            for (int i = 0; i < group.size(); i++) {
                lane.put(group.get(i).tenantId(), i % count);
            }
        });
        jdbc.sql("""
                INSERT INTO rollout_tenant (run_id, tenant_id, slug, region, wave, lane, from_version, from_rank, to_version,
                                            state)
                SELECT ?, t.tenant_id, t.slug, t.region, t.wave, t.lane, t.from_version, t.from_rank, ?, 'pending'
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::integer[], ?::integer[], ?::text[], ?::integer[])
                       AS t(tenant_id, slug, region, wave, lane, from_version, from_rank)
                """).param(runId).param(plan.target().text())
                .param(pending.stream().map(PlannedTenant::tenantId).toArray(UUID[]::new))
                .param(pending.stream().map(PlannedTenant::slug).toArray(String[]::new))
                .param(pending.stream().map(PlannedTenant::region).toArray(String[]::new))
                .param(pending.stream().map(PlannedTenant::wave).toArray(Integer[]::new))
                .param(pending.stream().map(t -> lane.get(t.tenantId())).toArray(Integer[]::new))
                .param(pending.stream().map(t -> t.from().text()).toArray(String[]::new))
                .param(pending.stream().map(PlannedTenant::fromRank).toArray(Integer[]::new))
                .update();
    }

    /** Waves, regions (in the run's catalog order) and lanes of a run, from its planned tenants. */
    FleetLayout layout(RolloutRun run) {
        List<Map<String, Integer>> waves = new ArrayList<>();
        for (int wave = 0; wave < run.waves(); wave++) {
            waves.add(new LinkedHashMap<>());
        }
        jdbc.sql("""
                SELECT t.wave, t.region, max(t.lane) + 1 FROM rollout_tenant t WHERE t.run_id = ?
                 GROUP BY t.wave, t.region ORDER BY t.wave, array_position(?::text[], t.region), t.region
                """).param(run.id()).param(run.regions().toArray(String[]::new))
                .query(rs -> {
                    waves.get(rs.getInt(1)).put(rs.getString(2), rs.getInt(3));
                });
        return new FleetLayout(waves);
    }

    List<RolloutTenant> tenants(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM rollout_tenant WHERE run_id = ? ORDER BY wave, region, slug")
                .param(runId).query(RolloutLedger::map).list();
    }

    /** A partition's tenants that are not done or failed, marked migrating, by slug. */
    List<RolloutTenant> startPartition(long runId, int wave, String region, int lane) {
        return jdbc.sql("UPDATE rollout_tenant SET state = 'migrating', attempts = attempts + 1, updated_at = now() "
                + "WHERE run_id = ? AND wave = ? AND region = ? AND lane = ? AND state IN ('pending', 'migrating', 'skipped') "
                + "RETURNING " + COLUMNS).param(runId).param(wave).param(region).param(lane)
                .query(RolloutLedger::map).list().stream().sorted(Comparator.comparing(RolloutTenant::slug)).toList();
    }

    /**
     * Records results, however many, in one statement (so at once, even if the process dies right
     * after): each tenant's line of the run, and for done tenants their new version in the registry.
     */
    void record(long runId, List<Result> results) {
        if (results.isEmpty()) {
            return;
        }
        jdbc.sql("""
                WITH r AS (SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::integer[], ?::text[])
                                      AS r(tenant_id, state, error, ms, version)),
                     ledger AS (UPDATE rollout_tenant t SET state = r.state, last_error = r.error, duration_ms = r.ms,
                                       updated_at = now()
                                  FROM r WHERE t.run_id = ? AND t.tenant_id = r.tenant_id)
                UPDATE tenant t SET schema_version = r.version, updated_at = now()
                  FROM r WHERE t.tenant_id = r.tenant_id AND r.state = ?
                """).param(results.stream().map(Result::tenantId).toArray(UUID[]::new))
                .param(results.stream().map(r -> r.state().label()).toArray(String[]::new))
                .param(results.stream().map(Result::error).toArray(String[]::new))
                .param(results.stream().map(r -> r.durationMs() == null ? null : r.durationMs().intValue()).toArray(Integer[]::new))
                .param(results.stream().map(Result::version).toArray(String[]::new))
                .param(runId).param(RolloutState.DONE.label()).update();
        results.forEach(r -> meters.migrated(r.state().label(), r.durationMs()));
    }

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

    /** Tenants per state, for a whole run or (with a wave) one wave. */
    Map<RolloutState, Integer> counts(long runId, Optional<Integer> wave) {
        Map<RolloutState, Integer> counts = new EnumMap<>(RolloutState.class);
        jdbc.sql("SELECT state, count(*) FROM rollout_tenant WHERE run_id = ? AND (?::integer IS NULL OR wave = ?) "
                + "GROUP BY state").param(runId).param(wave.orElse(null)).param(wave.orElse(null))
                .query(rs -> {
                    counts.put(RolloutState.of(rs.getString(1)), rs.getInt(2));
                });
        return counts;
    }

    /** Up to {@code limit} failures of a wave as {@code slug: error}. */
    List<String> failures(long runId, int wave, int limit) {
        return jdbc.sql("SELECT slug || ': ' || coalesce(last_error, '') FROM rollout_tenant "
                + "WHERE run_id = ? AND wave = ? AND state = 'failed' ORDER BY slug LIMIT ?")
                .param(runId).param(wave).param(limit).query(String.class).list();
    }

    /** Per region of the latest running rollout: done, failed and total tenants. */
    public Map<String, int[]> progressOfRunning() {
        Map<String, int[]> progress = new java.util.TreeMap<>();
        jdbc.sql("SELECT region, count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'), count(*) "
                + "FROM rollout_tenant WHERE run_id = (SELECT max(run_id) FROM rollout_run WHERE status = 'RUNNING') "
                + "GROUP BY region").query(rs -> {
                    progress.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4)});
                });
        return progress;
    }

    /** The latest rollout line of each tenant, by tenant id. */
    public Map<UUID, RolloutTenant> latestPerTenant() {
        Map<UUID, RolloutTenant> latest = new HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (tenant_id) " + COLUMNS + " FROM rollout_tenant ORDER BY tenant_id, run_id DESC")
                .query(RolloutLedger::map).list().forEach(t -> latest.put(t.tenantId(), t));
        return latest;
    }

    private static RolloutTenant map(ResultSet rs, int row) throws SQLException {
        int duration = rs.getInt("duration_ms");
        Optional<Integer> durationMs = rs.wasNull() ? Optional.empty() : Optional.of(duration);
        return new RolloutTenant(rs.getLong("run_id"), rs.getObject("tenant_id", UUID.class), rs.getString("slug"),
                rs.getString("region"), rs.getInt("wave"), rs.getInt("lane"), rs.getString("from_version"),
                rs.getObject("from_rank", Integer.class), rs.getString("to_version"), RolloutState.of(rs.getString("state")),
                Optional.ofNullable(rs.getString("last_error")), durationMs, rs.getInt("attempts"));
    }
}
