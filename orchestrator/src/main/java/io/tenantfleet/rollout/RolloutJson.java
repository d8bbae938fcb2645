package io.tenantfleet.rollout;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documents of {@code rollout plan}, {@code rollout status} and {@code drift} with
 * {@code --output json}, for the command line and the REST API alike: formats {@value #PLAN},
 * {@value #RUN} and {@value #DRIFT}. Field names are snake_case, times ISO-8601 in UTC, absent values
 * {@code null}, states in lower case as the ledger stores them. Maps and lists only, so any JSON writer
 * prints the same document.
 */
public final class RolloutJson {

    /** Names the plan document's structure; a change to it is a new number. */
    public static final String PLAN = "tenant-fleet/rollout-plan/1";
    public static final String RUN = "tenant-fleet/rollout-run/1";
    public static final String DRIFT = "tenant-fleet/drift/1";

    private RolloutJson() {
    }

    public static Map<String, Object> plan(RolloutPlan plan) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", PLAN);
        document.put("target_version", plan.target().text());
        document.put("migrations", plan.migrations().stream().map(m -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("version", m.version().text());
            entry.put("script", m.script());
            return entry;
        }).toList());
        document.put("regions", plan.regions().stream().map(RolloutJson::region).toList());
        Map<String, List<String>> files = new TreeMap<>();
        plan.pending().forEach(t -> files.computeIfAbsent(t.from().text(), v -> plan.filesFrom(t.from())));
        document.put("files_by_from_version", files);
        document.put("pending", plan.pendingCount());
        document.put("waves", plan.waves());
        document.put("touches_production", plan.touchesProduction());
        document.put("confirmation_token", plan.confirmationToken().orElse(null));
        return document;
    }

    private static Map<String, Object> region(RegionPlan region) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("region", region.region().id());
        entry.put("tier", region.region().tier().label());
        entry.put("server", region.server());
        entry.put("unreachable", region.unreachable().orElse(null));
        entry.put("refused", region.refused());
        entry.put("tenants", region.tenants());
        entry.put("versions", new TreeMap<>(region.versions()));
        entry.put("pending", region.pending().stream().map(t -> {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("org", t.slug());
            tenant.put("from_version", t.from().text());
            tenant.put("wave", t.wave());
            return tenant;
        }).toList());
        entry.put("notes", region.notes());
        return entry;
    }

    /** A run, its counts per region and state, and every tenant of its ledger. */
    public static Map<String, Object> run(RolloutRun run, List<RolloutTenant> tenants) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", RUN);
        document.put("run", run.id());
        document.put("target_version", run.targetVersion());
        document.put("status", run.status().name());
        document.put("halt_reason", run.haltReason().orElse(null));
        document.put("regions", run.regions());
        document.put("wave_size", run.waveSize());
        document.put("max_failures", run.maxFailures());
        document.put("parallel_per_region", run.parallelPerRegion());
        document.put("batch_size", run.batchSize());
        document.put("waves", run.waves());
        document.put("created_at", utc(run.createdAt()));
        document.put("updated_at", utc(run.updatedAt()));
        document.put("summary", summary(tenants));
        document.put("tenants", tenants.stream().map(t -> {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("org", t.slug());
            tenant.put("region", t.region());
            tenant.put("wave", t.wave());
            tenant.put("from_version", t.fromVersion());
            tenant.put("to_version", t.toVersion());
            tenant.put("state", t.state().label());
            tenant.put("attempts", t.attempts());
            tenant.put("duration_ms", t.durationMs().orElse(null));
            tenant.put("error", t.lastError().orElse(null));
            return tenant;
        }).toList());
        return document;
    }

    /** Per region (by name) the tenants in each state, every state present with 0 when none. */
    private static List<Map<String, Object>> summary(List<RolloutTenant> tenants) {
        List<Map<String, Object>> summary = new ArrayList<>();
        RolloutTenant.countsByRegion(tenants).forEach((region, counts) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("region", region);
            for (RolloutState state : RolloutState.values()) {
                entry.put(state.label(), counts.getOrDefault(state, 0));
            }
            summary.add(entry);
        });
        return summary;
    }

    /**
     * The tenant schemas checked in {@code regions}: how many, how many drifted, and each drifted one
     * with every difference.
     */
    public static Map<String, Object> drift(List<String> regions, List<DriftReport> reports) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", DRIFT);
        document.put("regions", regions);
        document.put("checked", reports.size());
        List<DriftReport> drifted = reports.stream().filter(DriftReport::drifted).toList();
        document.put("drifted", drifted.size());
        document.put("tenants", drifted.stream().map(r -> {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("org", r.slug());
            tenant.put("region", r.region());
            tenant.put("version", r.version());
            tenant.put("differences", r.differences());
            return tenant;
        }).toList());
        return document;
    }

    static String utc(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
