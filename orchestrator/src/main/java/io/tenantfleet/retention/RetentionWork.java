package io.tenantfleet.retention;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.FleetWork;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.fleet.PartitionIncompleteException;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.WaveVerdict;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Retention as a fleet job: one wave, a partition per region lane; a partition purges its tenants
 * one after another through the region's guard, each to the cut-offs fixed at its first attempt,
 * leaving evidence in the region and its counts in the control plane. A region that goes down
 * leaves its remaining tenants pending (the run ends INCOMPLETE; resume or the next run catches up).
 */
@Component
class RetentionWork implements FleetWork {

    static final String KIND = "retention";
    private static final Logger log = LoggerFactory.getLogger(RetentionWork.class);

    private final RetentionLedger ledger;
    private final RegionGuard guard;
    private final RetentionPolicies policies;
    private final TenantRegistry registry;
    private final RegionCatalog catalog;

    RetentionWork(RetentionLedger ledger, RegionGuard guard, RetentionPolicies policies, TenantRegistry registry,
            RegionCatalog catalog) {
        this.ledger = ledger;
        this.guard = guard;
        this.policies = policies;
        this.registry = registry;
        this.catalog = catalog;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public FleetLayout layout(long runId) {
        return ledger.layout(runId);
    }

    @Override
    public void run(FleetPartition partition) {
        RetentionRun run = ledger.get(partition.runId());
        List<RetentionTenant> tenants = ledger.open(run.id(), partition.region(), partition.lane());
        String down = null;
        int unfinished = 0;
        for (RetentionTenant tenant : tenants) {
            if (down != null) {
                ledger.notDone(run.id(), tenant.tenantId(), "pending", down);
                unfinished++;
                continue;
            }
            long started = System.nanoTime();
            try {
                if (!purge(run, tenant, started)) {
                    unfinished++;
                }
            } catch (TenantNotReadyException e) {
                unfinished++;
            } catch (RegionUnavailableException e) {
                down = OneLine.of(e.getMessage());
                log.warn("{}; its remaining tenants stay pending while the other regions go on; 'retention resume {}' "
                        + "or the next run catches up", down, run.id());
                ledger.notDone(run.id(), tenant.tenantId(), "pending", down);
                unfinished++;
            } catch (RuntimeException e) {
                String message = OneLine.of(e instanceof OrchestratorException ? e.getMessage() : e.toString());
                log.warn("retention {}: {} failed: {}", run.id(), tenant.slug(), message);
                ledger.notDone(run.id(), tenant.tenantId(), "failed", message);
                unfinished++;
            }
        }
        if (unfinished > 0) {
            throw new PartitionIncompleteException(partition, unfinished + " tenants not done");
        }
    }

    /** Purges one tenant; false when rows due to go were left (locked by live traffic). */
    private boolean purge(RetentionRun run, RetentionTenant tenant, long started) {
        TenantSlug slug = new TenantSlug(tenant.slug());
        Optional<Map<String, Long>> earlier = guard.call(tenant.region(),
                connection -> RetentionEvidence.recorded(connection, tenant.tenantId(), run.id()));
        if (earlier.isPresent() && earlier.get().getOrDefault("left", 0L) == 0) {
            // an earlier attempt finished the tenant and was stopped before the control plane heard of it
            ledger.doneBefore(run.id(), tenant.tenantId(), earlier.get());
            return true;
        }
        Optional<RetentionMap> mapped = guard.call(tenant.region(), connection -> RetentionMap.read(connection, slug));
        if (mapped.isEmpty()) {
            ledger.notDone(run.id(), tenant.tenantId(), "failed", "schema " + slug.schema() + " has no retention map "
                    + "(template before version 3); run 'rollout apply' first");
            throw new TenantNotReadyException();
        }
        RetentionMap map = mapped.get();
        Tenant registered = registry.find(tenant.slug()).orElseThrow();
        int graceDays = RetentionCutoffs.graceDays(run.graceDays(), catalog, tenant.region());
        TenantPurger.Result result = guard.call(tenant.region(), connection -> {
            Cutoffs cutoffs = RetentionEvidence.parseCutoffs(ledger.fixCutoffs(run.id(), tenant.tenantId(),
                    RetentionEvidence.cutoffsJson(RetentionCutoffs.of(policies.effective(connection, registered),
                            run.createdAt().toInstant(), graceDays))));
            TenantPurger.Result purged = new TenantPurger(slug, tenant.tenantId(), map, cutoffs, run.batchSize())
                    .purge(connection);
            RetentionEvidence.record(connection, tenant.region(), slug, tenant.tenantId(), run.id(), cutoffs, purged);
            return purged;
        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        ledger.done(run.id(), tenant.tenantId(), result, map.unmapped(), millis);
        if (!map.unmapped().isEmpty()) {
            log.warn("retention {}: {} has tables with no retention mapping, neither kept nor purged: {}", run.id(),
                    tenant.slug(), String.join(", ", map.unmapped()));
        }
        return result.left() == 0;
    }

    @Override
    public WaveVerdict afterWave(long runId, int wave, long millis) {
        Map<String, Integer> counts = ledger.counts(runId);
        log.info("retention {}: {} tenants done, {} failed, {} pending in {} ms", runId, counts.getOrDefault("done", 0),
                counts.getOrDefault("failed", 0), counts.getOrDefault("pending", 0) + counts.getOrDefault("purging", 0),
                millis);
        return WaveVerdict.CONTINUE;
    }

    @Override
    public int left(long runId) {
        return FleetWork.count(ledger.counts(runId), state -> !state.equals("done"));
    }

    @Override
    public RunLedger<?> runs() {
        return ledger;
    }

    @Override
    public String notDone(long runId) {
        return "not done (region down, rows locked or a failure; see 'retention status " + runId + "')";
    }

    /** A tenant that cannot be purged yet; its reason is already recorded. */
    private static final class TenantNotReadyException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
