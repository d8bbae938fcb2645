package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetRuns;
import io.tenantfleet.fleet.KindRuns;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantLocks;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Runs, resumes and reports retention runs. One retention run at a time across every orchestrator
 * process (a control-plane advisory lock); each run is a fleet job, here or on worker processes.
 */
@Service
public class RetentionService {

    private final RegionCatalog catalog;
    private final TenantRegistry registry;
    private final RetentionLedger ledger;
    private final RetentionWork work;
    private final FleetRuns fleet;
    private final KindRuns<RetentionRun> runs;
    private final RegionGuard guard;

    RetentionService(RegionCatalog catalog, TenantRegistry registry, RetentionLedger ledger, RetentionWork work,
            FleetRuns fleet, TenantLocks locks, RegionGuard guard) {
        this.catalog = catalog;
        this.registry = registry;
        this.ledger = ledger;
        this.work = work;
        this.fleet = fleet;
        this.runs = new KindRuns<>(locks, fleet, work, ledger, "retention run");
        this.guard = guard;
    }

    /** The ACTIVE tenants the options select, after checking every region and organization named exists. */
    public List<Tenant> select(RetentionOptions options) {
        for (String region : options.regions()) {
            if (catalog.regions().stream().noneMatch(r -> r.id().equals(region))) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "unknown region '" + region + "' in --regions; "
                        + "known: " + catalog.regions().stream().map(Region::id).collect(Collectors.joining(", ")));
            }
        }
        for (String org : options.orgs()) {
            Tenant tenant = registry.find(org).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                    "unknown organization '" + org + "' in --orgs; see 'status' for the tenants"));
            if (tenant.status() != TenantStatus.ACTIVE) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization '" + org + "' in --orgs is "
                        + tenant.status() + ", not ACTIVE; only provisioned tenants hold data to purge");
            }
        }
        return registry.list(Optional.empty()).stream().filter(t -> t.status() == TenantStatus.ACTIVE)
                .filter(t -> options.regions().isEmpty() || options.regions().contains(t.homeRegion()))
                .filter(t -> options.orgs().isEmpty() || options.orgs().contains(t.slug())).toList();
    }

    /** Purges the selected tenants; returns the finished run, or empty when no tenant was selected. */
    public Optional<RetentionRun> run(RetentionOptions options) {
        return run(options, runId -> { });
    }

    /** As {@link #run(RetentionOptions)}, telling {@code started} the run's id once it is recorded. */
    public Optional<RetentionRun> run(RetentionOptions options, LongConsumer started) {
        List<Tenant> tenants = select(options);
        try (AdvisoryLocks.Held lock = runs.lockOrRefuse()) {
            runs.closeInterrupted();
            if (tenants.isEmpty()) {
                return Optional.empty();
            }
            guard.resetAll();
            List<String> regions = catalog.regions().stream().map(Region::id)
                    .filter(r -> tenants.stream().anyMatch(t -> t.homeRegion().equals(r))).toList();
            long runId = ledger.create(regions, tenants, options, KindRuns.owner());
            started.accept(runId);
            fleet.start(work, runId, options.workers());
            return ledger.find(runId);
        }
    }

    /** Continues an unfinished run: its tenants not done are purged to the cut-offs of their first attempt. */
    public RetentionRun resume(long runId, Workers workers) {
        return resume(runId, workers, id -> { });
    }

    /** As {@link #resume(long, Workers)}, telling {@code started} the run's id once this process holds the run. */
    public RetentionRun resume(long runId, Workers workers, LongConsumer started) {
        return runs.resume(runId, workers, run -> {
            guard.resetAll();
            started.accept(run.id());
        });
    }

    /** The run, or the latest one. */
    public RetentionRun find(Optional<Long> runId) {
        return runs.find(runId);
    }

    /** A line for a terminal about the running run, if one runs: tenants done/total, rows removed so far. */
    public Optional<String> progressOfRunning() {
        return ledger.progressOfRunning();
    }

    public List<RetentionTenant> tenants(long runId) {
        return ledger.tenants(runId);
    }
}
