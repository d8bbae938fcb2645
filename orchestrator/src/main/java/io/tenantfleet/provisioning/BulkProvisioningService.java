package io.tenantfleet.provisioning;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetRuns;
import io.tenantfleet.fleet.KindRuns;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.keys.MasterKeyProvider;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.TenantLocks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Bulk onboarding: many organizations from one request (a tenants file, or the API's bulk call)
 * as one fleet run, one partition per region. Every row is checked before any SQL runs; bad rows
 * are recorded invalid with their line and field, the others are provisioned exactly as
 * {@code provision} does one. A run stopped anywhere (a region down, the process killed) is
 * continued by {@link #resume}: rows done stay done, a tenant whose build committed in its region
 * is activated without building it again. One bulk run at a time across every process.
 */
@Service
public class BulkProvisioningService {

    /** Per region, what a run did with its rows. */
    public record RegionSummary(int provisioned, int present, int failed, int skipped) {}

    /** A run with its rows (no display names) and the summary per region, in catalog order. */
    public record Report(BulkRun run, List<BulkRowState> rows, Map<String, RegionSummary> regions) {

        /** True when rows failed or are still to do ({@code provision resume} retries them). */
        public boolean anyFailed() {
            return rows.stream().anyMatch(BulkRowState::open);
        }

        /** True when rows were refused as bad input. */
        public boolean anyInvalid() {
            return rows.stream().anyMatch(r -> r.state().equals(BulkRowState.INVALID));
        }
    }

    private final RegionCatalog catalog;
    private final BulkLedger ledger;
    private final BulkWork work;
    private final FleetRuns fleet;
    private final KindRuns<BulkRun> runs;
    private final RegionGuard guard;
    private final MasterKeyProvider masterKeys;
    private final RegionConnections connections;

    BulkProvisioningService(RegionCatalog catalog, BulkLedger ledger, BulkWork work, FleetRuns fleet, TenantLocks locks,
            RegionGuard guard, MasterKeyProvider masterKeys, RegionConnections connections) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.work = work;
        this.fleet = fleet;
        this.runs = new KindRuns<>(locks, fleet, work, ledger, "provision --file");
        this.guard = guard;
        this.masterKeys = masterKeys;
        this.connections = connections;
    }

    /**
     * Checks the rows, records the run and provisions the valid rows; returns the run as it ended.
     * A missing master key or region secret is bad input before anything is recorded.
     *
     * @param source names the rows' origin in errors and in the run, e.g. the file path
     */
    public Report start(String source, List<BulkRow> rows, Workers workers) {
        return start(source, rows, workers, runId -> { });
    }

    /** As {@link #start(String, List, Workers)}, telling {@code started} the run's id once it is recorded. */
    public Report start(String source, List<BulkRow> rows, Workers workers, java.util.function.LongConsumer started) {
        List<BulkCheck.Checked> checked = BulkCheck.check(source, rows, catalog);
        List<String> regions = catalog.regions().stream().map(r -> r.id())
                .filter(id -> checked.stream().anyMatch(c -> c.valid() && c.request().region().id().equals(id))).toList();
        if (!regions.isEmpty()) {
            masterKeys.masterKey();
            regions.forEach(connections::checkSecrets);
        }
        try (AdvisoryLocks.Held lock = runs.lockOrRefuse()) {
            runs.closeInterrupted();
            guard.resetAll();
            long runId = ledger.create(source, checked, regions, catalog.regions().stream().map(r -> r.id())
                    .collect(java.util.stream.Collectors.toSet()), KindRuns.owner());
            started.accept(runId);
            if (regions.isEmpty()) {
                ledger.setStatus(runId, RunStatus.COMPLETED, "no valid rows");
            } else {
                fleet.start(work, runId, workers);
            }
            return report(runId);
        }
    }

    /** Continues an unfinished run: its failed and unfinished rows are provisioned again, nothing done is redone. */
    public Report resume(long runId, Workers workers) {
        return resume(runId, workers, id -> { });
    }

    /** As {@link #resume(long, Workers)}, telling {@code started} the run's id once it is restarted. */
    public Report resume(long runId, Workers workers, java.util.function.LongConsumer started) {
        masterKeys.masterKey();
        runs.resume(runId, workers, run -> {
            guard.resetAll();
            started.accept(runId);
        });
        return report(runId);
    }

    /** The run, or the latest one. */
    public Report status(Optional<Long> runId) {
        return report(runs.find(runId).id());
    }

    private Report report(long runId) {
        List<BulkRowState> rows = ledger.rows(runId);
        Map<String, RegionSummary> regions = new LinkedHashMap<>();
        catalog.regions().forEach(r -> summary(r.id(), rows).ifPresent(s -> regions.put(r.id(), s)));
        summary("-", rows).ifPresent(s -> regions.put("-", s));
        return new Report(ledger.get(runId), rows, regions);
    }

    private static Optional<RegionSummary> summary(String region, List<BulkRowState> rows) {
        List<BulkRowState> mine = rows.stream().filter(r -> r.region().equals(region)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RegionSummary(count(mine, BulkRowState.PROVISIONED), count(mine, BulkRowState.PRESENT),
                (int) mine.stream().filter(BulkRowState::open).count(), count(mine, BulkRowState.INVALID)));
    }

    private static int count(List<BulkRowState> rows, String state) {
        return (int) rows.stream().filter(r -> r.state().equals(state)).count();
    }
}
