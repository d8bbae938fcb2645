package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.Tier;
import io.tenantfleet.fleet.FleetRuns;
import io.tenantfleet.fleet.KindRuns;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.TenantLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Plans, applies, resumes and reports rollouts. Only one rollout runs at a time across every
 * orchestrator process (a control-plane advisory lock); each run is recorded tenant by tenant and
 * runs as a fleet job (waves of partitioned steps), here or on worker processes. Resuming a run
 * restarts its Spring Batch JobInstance.
 */
@Service
public class RolloutService {

    private static final Logger log = LoggerFactory.getLogger(RolloutService.class);

    static final String LOCK = "rollout";

    private final RolloutPlanner planner;
    private final RolloutRuns runs;
    private final RolloutLedger ledger;
    private final TenantTemplate template;
    private final SchemaVersions versions;
    private final TenantLocks locks;
    private final FleetRuns fleet;
    private final RolloutWork work;
    private final RegionGuard guard;

    RolloutService(RolloutPlanner planner, RolloutRuns runs, RolloutLedger ledger, TenantTemplate template,
            SchemaVersions versions, TenantLocks locks, FleetRuns fleet, RolloutWork work, RegionGuard guard) {
        this.planner = planner;
        this.runs = runs;
        this.ledger = ledger;
        this.template = template;
        this.versions = versions;
        this.locks = locks;
        this.fleet = fleet;
        this.work = work;
        this.guard = guard;
    }

    /** What {@link #apply} would do; changes nothing. */
    public RolloutPlan plan(RolloutOptions options) {
        template.refresh();
        guard.resetAll();
        return planner.plan(options);
    }

    /** Plans and runs a rollout; returns the finished run, or empty when nothing was pending. */
    public Optional<RolloutRun> apply(RolloutOptions options) {
        return apply(options, runId -> { });
    }

    /** As {@link #apply(RolloutOptions)}, telling {@code onStart} the run's id once it is recorded. */
    public Optional<RolloutRun> apply(RolloutOptions options, LongConsumer onStart) {
        long started = System.nanoTime();
        RolloutPlan plan = plan(options);
        refuseMisconfiguredRegions(plan);
        confirm(plan, options);
        try (AdvisoryLocks.Held lock = lockOrRefuse()) {
            closeInterrupted();
            if (plan.pendingCount() == 0) {
                return Optional.empty();
            }
            long planned = System.nanoTime();
            long runId = runs.create(plan, options, KindRuns.owner());
            ledger.plan(runId, plan, options.parallelPerRegion());
            long recorded = System.nanoTime();
            onStart.accept(runId);
            fleet.start(work, runId, options.workers());
            log.info("rollout {}: planned {} tenants in {} ms, recorded them in {} ms, ran the job in {} ms", runId,
                    plan.pendingCount(), (planned - started) / 1_000_000, (recorded - planned) / 1_000_000,
                    (System.nanoTime() - recorded) / 1_000_000);
            return runs.find(runId);
        }
    }

    /**
     * Continues a halted, incomplete or interrupted run where it stopped: tenants already at the
     * target are recorded done, failed ones are tried again, and the run's JobInstance restarts.
     */
    public RolloutRun resume(long runId, Workers workers) {
        return resume(runId, workers, id -> { });
    }

    /** As {@link #resume(long, Workers)}, telling {@code onStart} the run's id once this process holds the run. */
    public RolloutRun resume(long runId, Workers workers, LongConsumer onStart) {
        RolloutRun run = runs.find(runId).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "no rollout run " + runId + "; see 'rollout status' for the latest run"));
        try (AdvisoryLocks.Held lock = lockOrRefuse()) {
            if (run.isFinished()) {
                return run;
            }
            closeInterrupted();
            template.refresh();
            guard.resetAll();
            reconcile(run);
            ledger.retryFailed(runId);
            runs.setStatus(runId, RunStatus.RUNNING, null);
            onStart.accept(runId);
            fleet.resume(work, runId, workers);
            return runs.get(runId);
        }
    }

    /** Resumes with partitions on threads of this process. */
    public RolloutRun resume(long runId) {
        return resume(runId, Workers.LOCAL);
    }

    public Optional<RolloutRun> run(Optional<Long> runId) {
        return runId.isPresent() ? runs.find(runId.get()) : runs.latest();
    }

    public List<RolloutTenant> tenants(long runId) {
        return ledger.tenants(runId);
    }

    /**
     * A region whose server refuses the connection itself (TLS mode, credentials, database) is not
     * down: waiting will not fix it, so nothing runs until the catalog or the server is fixed.
     */
    private static void refuseMisconfiguredRegions(RolloutPlan plan) {
        plan.regions().stream().filter(RegionPlan::refused).findFirst().ifPresent(region -> {
            throw new OrchestratorException(ErrorCode.REGION_UNAVAILABLE, "rollout not started, nothing migrated: "
                    + region.unreachable().orElseThrow());
        });
    }

    private void confirm(RolloutPlan plan, RolloutOptions options) {
        Optional<String> token = plan.confirmationToken();
        if (token.isPresent() && !token.equals(options.confirm())) {
            String prod = plan.regions().stream().filter(r -> r.region().tier() == Tier.PROD && !r.pending().isEmpty())
                    .map(r -> r.region().id()).collect(Collectors.joining(", "));
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "this rollout touches production region(s) " + prod
                    + (options.confirm().isPresent() ? " and --confirm does not match the plan" : "")
                    + "; review 'rollout plan' and pass --confirm " + token.get());
        }
    }

    private AdvisoryLocks.Held lockOrRefuse() {
        return locks.tryAcquire(LOCK).orElseThrow(() -> {
            String running = runs.running().stream().map(r -> "run " + r.id() + " (to version " + r.targetVersion()
                    + ", started " + r.createdAt().withNano(0) + " by " + r.owner() + ")").collect(Collectors.joining(", "));
            return new OrchestratorException(ErrorCode.CONFLICT, "another rollout is running: "
                    + (running.isEmpty() ? "one is starting" : running)
                    + "; wait for it to finish or check 'rollout status'");
        });
    }

    /** Runs still RUNNING while nobody holds the lock belong to a process that died. */
    private void closeInterrupted() {
        for (RolloutRun stale : runs.running()) {
            runs.setStatus(stale.id(), RunStatus.FAILED, "interrupted: the orchestrator running it stopped; "
                    + "'rollout resume " + stale.id() + "' continues it");
        }
    }

    /**
     * Tenants the ledger does not show as done but whose schema already has the target are marked
     * done; the others start again from the version and history rank their schema has now.
     */
    private void reconcile(RolloutRun run) {
        Map<String, List<RolloutTenant>> open = ledger.tenants(run.id()).stream()
                .filter(t -> t.state() != RolloutState.DONE).collect(Collectors.groupingBy(RolloutTenant::region));
        TemplateVersion target = TemplateVersion.parse(run.targetVersion());
        for (Map.Entry<String, List<RolloutTenant>> region : open.entrySet()) {
            Map<String, SchemaVersions.SchemaVersion> current;
            try {
                current = versions.read(region.getKey());
            } catch (RegionUnavailableException e) {
                continue;
            }
            List<RolloutLedger.Result> reached = new ArrayList<>();
            List<RolloutLedger.Start> restarts = new ArrayList<>();
            for (RolloutTenant tenant : region.getValue()) {
                SchemaVersions.SchemaVersion version = current.get("org_" + tenant.slug());
                if (version == null || version.version() == null) {
                    continue;
                }
                if (TemplateVersion.parse(version.version()).compareTo(target) >= 0) {
                    reached.add(new RolloutLedger.Result(tenant.tenantId(), RolloutState.DONE, null, null, version.version()));
                } else {
                    restarts.add(new RolloutLedger.Start(tenant.tenantId(), version.version(), version.installedRank()));
                }
            }
            ledger.record(run.id(), reached);
            ledger.restartFrom(run.id(), restarts);
        }
    }
}
