package io.tenantfleet.sync;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetRuns;
import io.tenantfleet.fleet.KindRuns;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.keys.PseudonymKey;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.TenantLocks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Service;

/**
 * Runs, resumes, previews and reports cross-region metadata syncs. One sync at a time across every
 * orchestrator process (a control-plane advisory lock); each run is a fleet job.
 */
@Service
public class SyncService {

    /** What one destination would receive from one source (a dry run). */
    public record Preview(String source, String destination, boolean allowed, String rule, Optional<Payloads> payloads,
            Optional<String> problem) {

        /** The region summary the destination would receive, keys sorted. */
        public Map<String, Object> regionSummary() {
            return payloads.map(Payloads::regionSummary).orElse(Map.of());
        }

        /** Per tenant pseudonym, its payload. */
        public Map<String, Map<String, Object>> tenantPayloads() {
            Map<String, Map<String, Object>> tenants = new LinkedHashMap<>();
            payloads.ifPresent(p -> p.tenants().forEach(t -> tenants.put(t.pseudonym(), t.payload())));
            return tenants;
        }
    }

    private final RegionCatalog catalog;
    private final SyncLedger ledger;
    private final SyncWork work;
    private final SyncSources sources;
    private final FleetRuns fleet;
    private final KindRuns<SyncRun> runs;
    private final RegionGuard guard;
    private final PseudonymKey key;

    SyncService(RegionCatalog catalog, SyncLedger ledger, SyncWork work, SyncSources sources, FleetRuns fleet,
            TenantLocks locks, RegionGuard guard, PseudonymKey key) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.work = work;
        this.sources = sources;
        this.fleet = fleet;
        this.runs = new KindRuns<>(locks, fleet, work, ledger, "sync");
        this.guard = guard;
        this.key = key;
    }

    /** Checks the regions named exist; returns the source regions of a run. */
    private List<String> sources(List<String> regions) {
        return SyncPlan.sources(catalog, regions);
    }

    /** Sends each source region's metadata to every destination its rules allow; returns the finished run. */
    public SyncRun run(List<String> regions, Workers workers) {
        return run(regions, workers, runId -> { });
    }

    /** As {@link #run(List, Workers)}, telling {@code started} the run's id once it is recorded. */
    public SyncRun run(List<String> regions, Workers workers, LongConsumer started) {
        List<String> from = sources(regions);
        try (AdvisoryLocks.Held lock = runs.lockOrRefuse()) {
            runs.closeInterrupted();
            guard.resetAll();
            long runId = ledger.create(SyncPlan.transfers(catalog, from), from, catalog.kThreshold(), key.fingerprint(),
                    KindRuns.owner());
            started.accept(runId);
            fleet.start(work, runId, workers);
            return ledger.get(runId);
        }
    }

    /** What each destination would receive; reads the source regions and writes nothing anywhere. */
    public List<Preview> preview(List<String> regions) {
        List<Preview> previews = new ArrayList<>();
        Map<String, Preview> read = new LinkedHashMap<>();
        for (SyncPlan.Transfer transfer : SyncPlan.transfers(catalog, sources(regions))) {
            Preview source = !transfer.allowed() ? new Preview(transfer.source(), transfer.destination(), false,
                    transfer.rule(), Optional.empty(), Optional.empty()) : read.computeIfAbsent(transfer.source(), this::read);
            previews.add(new Preview(transfer.source(), transfer.destination(), transfer.allowed(), transfer.rule(),
                    source.payloads(), source.problem()));
        }
        return previews;
    }

    /** What a source would send (its destination and rule left blank), or why it could not be read. */
    private Preview read(String source) {
        try {
            return new Preview(source, "", true, "", Optional.of(sources.build(source, catalog.kThreshold(),
                    key.fingerprint())), Optional.empty());
        } catch (RegionUnavailableException e) {
            return new Preview(source, "", true, "", Optional.empty(), Optional.of(OneLine.of(e.getMessage())));
        }
    }

    /** Continues an unfinished run: its transfers not sent are sent again, from figures read now. */
    public SyncRun resume(long runId, Workers workers) {
        return resume(runId, workers, id -> { });
    }

    /** As {@link #resume(long, Workers)}, telling {@code started} the run's id once this process holds the run. */
    public SyncRun resume(long runId, Workers workers, LongConsumer started) {
        SyncRun run = runs.find(Optional.of(runId));
        if (!run.status().isFinished() && !run.keyFingerprint().equals(key.fingerprint())) {
            throw new OrchestratorException(ErrorCode.CONFLICT, "sync run " + runId + " was started with pseudonym key "
                    + run.keyFingerprint() + " and " + PseudonymKey.VARIABLE + " now holds key " + key.fingerprint()
                    + "; start a new 'sync' run instead of resuming this one (its pseudonyms would mix two keys)");
        }
        return runs.resume(runId, workers, resumed -> {
            guard.resetAll();
            started.accept(resumed.id());
        });
    }

    /** The run, or the latest one. */
    public SyncRun find(Optional<Long> runId) {
        return runs.find(runId);
    }

    public List<SyncTransfer> transfers(long runId) {
        return ledger.transfers(runId);
    }
}
