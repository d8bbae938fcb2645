package io.tenantfleet.provisioning;

import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One chunk of a bulk partition: the same registry states, history events, region build and
 * compensation as the one-tenant job, with the control-plane writes of the chunk's tenants in two
 * transactions (before and after the region work) instead of a job per tenant.
 */
@Component
class BulkChunk {

    /** A row whose tenant is registered PROVISIONING, and what its build gave. */
    private record Attempt(BulkLedger.Open row, Tenant tenant, String version, String error, long millis) {}

    private final BulkLedger ledger;
    private final TenantRegistry registry;
    private final TenantBuild build;
    private final RegionGuard guard;
    private final TransactionTemplate controlPlane;
    private final io.tenantfleet.ops.FleetMeters meters;

    BulkChunk(BulkLedger ledger, TenantRegistry registry, TenantBuild build, RegionGuard guard,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactions,
            io.tenantfleet.ops.FleetMeters meters) {
        this.meters = meters;
        this.ledger = ledger;
        this.registry = registry;
        this.build = build;
        this.guard = guard;
        this.controlPlane = new TransactionTemplate(transactions);
    }

    /** Provisions the chunk's rows whose tenant lock is held; returns how many failed. */
    int run(long runId, List<BulkLedger.Open> chunk, Set<String> locked) {
        List<Attempt> started = new ArrayList<>();
        int[] failed = {0};
        controlPlane.executeWithoutResult(status -> {
            for (BulkLedger.Open row : chunk) {
                Optional<Tenant> tenant = register(runId, row, locked, failed);
                tenant.ifPresent(t -> started.add(new Attempt(row, t, null, null, 0)));
            }
        });
        List<Attempt> built = new ArrayList<>();
        RegionUnavailableException down = null;
        for (Attempt attempt : started) {
            ProvisionRequest request = attempt.row().request();
            long begin = System.nanoTime();
            try {
                String version = guard.call(request.region().id(), c -> build.build(c, attempt.tenant(), request));
                built.add(new Attempt(attempt.row(), attempt.tenant(), version, null, millis(begin)));
            } catch (RegionUnavailableException e) {
                down = e;
                break;
            } catch (RuntimeException e) {
                built.add(new Attempt(attempt.row(), attempt.tenant(), null, BulkWork.message(e), millis(begin)));
            }
        }
        List<Attempt> failures = built.stream().filter(a -> a.version() == null).toList();
        failures.forEach(this::removeLeftovers);
        controlPlane.executeWithoutResult(status -> built.forEach(attempt -> record(runId, attempt)));
        built.forEach(a -> meters.provisioned(a.version() == null ? "failed" : "provisioned",
                java.time.Duration.ofMillis(a.millis())));
        if (down != null) {
            throw down;
        }
        return failed[0] + failures.size();
    }

    /** The row's tenant registered PROVISIONING; empty when it is done (already present) or refused (recorded). */
    private Optional<Tenant> register(long runId, BulkLedger.Open row, Set<String> locked, int[] refused) {
        ProvisionRequest request = row.request();
        String slug = request.slug().value();
        if (!locked.contains(slug)) {
            ledger.failed(runId, row.line(), "tenant " + slug + " is locked by another orchestrator run; "
                    + "'provision resume " + runId + "' retries it when that run is done", 0);
            refused[0]++;
            return Optional.empty();
        }
        Optional<Tenant> existing = registry.find(slug);
        if (existing.isPresent() && !existing.get().homeRegion().equals(request.region().id())) {
            ledger.failed(runId, row.line(), "organization " + slug + " is " + existing.get().status() + " in region "
                    + existing.get().homeRegion() + ", not " + request.region().id() + "; give it region "
                    + existing.get().homeRegion(), 0);
            refused[0]++;
            return Optional.empty();
        }
        if (existing.isPresent() && existing.get().status() == TenantStatus.ACTIVE) {
            ledger.done(runId, row.line(), BulkRowState.PRESENT, existing.get().id(), 0);
            return Optional.empty();
        }
        Tenant tenant = registry.beginAttempt(request.slug(), request.region().id(), request.frameworks());
        registry.recordHistory(tenant, "REQUESTED", "attempt " + tenant.attempts() + ", provision run " + runId + " line "
                + row.line(), null);
        ledger.building(runId, row.line(), tenant.id());
        return Optional.of(tenant);
    }

    private void record(long runId, Attempt attempt) {
        Tenant tenant = attempt.tenant();
        if (attempt.version() == null) {
            registry.markFailed(tenant.id(), attempt.error());
            registry.recordHistory(tenant, "ROLLED_BACK", attempt.error(), null);
            ledger.failed(runId, attempt.row().line(), attempt.error(), attempt.millis());
            return;
        }
        String schema = attempt.row().request().slug().schema();
        registry.recordHistory(tenant, "SCHEMA_CREATED", schema, null);
        registry.recordHistory(tenant, "MIGRATED", "schema version " + attempt.version(), null);
        registry.recordHistory(tenant, "CONFIGURED", "retention, data key, ledger", null);
        registry.markActive(tenant.id(), attempt.version());
        registry.recordHistory(tenant, "ACTIVATED", "schema version " + attempt.version(), null);
        ledger.done(runId, attempt.row().line(), BulkRowState.PROVISIONED, tenant.id(), attempt.millis());
    }

    /** A failed build's transaction rolled back; what an earlier attempt left is removed too (the region may refuse). */
    private void removeLeftovers(Attempt attempt) {
        ProvisionRequest request = attempt.row().request();
        try {
            guard.call(request.region().id(), c -> TenantSchemaBuilder.removeLeftovers(c, request.region().id(),
                    attempt.tenant().id(), request.slug(), attempt.error()));
        } catch (RuntimeException e) {
            // the next attempt removes them before building
        }
    }

    /** Rows a region outage left: failed with the reason, their PROVISIONING tenants FAILED. */
    void regionDown(long runId, List<BulkLedger.Open> rows, String reason) {
        controlPlane.executeWithoutResult(status -> {
            for (BulkLedger.Open row : rows) {
                ledger.failedIfOpen(runId, row.line(), reason).ifPresent(tenantId -> registry.markFailed(tenantId, reason));
            }
        });
    }

    private static long millis(long begin) {
        return (System.nanoTime() - begin) / 1_000_000;
    }
}
