package io.tenantfleet.sync;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.FleetWork;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.fleet.PartitionIncompleteException;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.WaveVerdict;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.residency.ResidencyLedger;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The sync as a fleet job: one wave, one partition per source region. A partition reads its
 * region's figures in one call, builds the payloads (pseudonyms, small counts suppressed), and
 * sends them to each allowed destination through that region's guard (retries with backoff, then
 * its circuit breaker): a destination down fails its transfer only, the others still receive, and
 * the next run (or {@code sync resume}) catches up. Every transfer is recorded in the destination's
 * ledger (with the rows, in one transaction) and then in the source's; a forbidden one is recorded
 * in the source's ledger as withheld, and nothing is sent.
 */
@Component
class SyncWork implements FleetWork {

    static final String KIND = "sync";
    private static final Logger log = LoggerFactory.getLogger(SyncWork.class);

    private final SyncLedger ledger;
    private final RegionGuard guard;
    private final SyncSources sources;

    SyncWork(SyncLedger ledger, RegionGuard guard, SyncSources sources) {
        this.ledger = ledger;
        this.guard = guard;
        this.sources = sources;
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
        SyncRun run = ledger.get(partition.runId());
        String source = partition.region();
        List<SyncTransfer> open = ledger.transfers(run.id(), source).stream().filter(t -> !t.state().equals(SyncTransfer.SENT)
                && !(t.state().equals(SyncTransfer.FORBIDDEN) && t.attempts() > 0)).toList();
        if (open.isEmpty()) {
            return;
        }
        Payloads built;
        try {
            built = sources.build(source, run.kThreshold(), run.keyFingerprint());
        } catch (RegionUnavailableException e) {
            String down = OneLine.of(e.getMessage());
            log.warn("sync {}: {}; its metadata stays unsent this run while the other regions go on; 'sync resume {}' "
                    + "or the next run catches up", run.id(), down, run.id());
            open.stream().filter(t -> !t.state().equals(SyncTransfer.FORBIDDEN))
                    .forEach(t -> ledger.notSent(run.id(), source, t.destination(), SyncTransfer.PENDING, down));
            throw new PartitionIncompleteException(partition, "source region " + source + " is down");
        }
        int unfinished = 0;
        for (SyncTransfer transfer : open) {
            if (transfer.state().equals(SyncTransfer.FORBIDDEN)) {
                withhold(run, transfer);
            } else if (!send(run, transfer, built)) {
                unfinished++;
            }
        }
        if (unfinished > 0) {
            throw new PartitionIncompleteException(partition, unfinished + " transfers not done");
        }
    }

    private boolean send(SyncRun run, SyncTransfer transfer, Payloads built) {
        String source = transfer.source();
        String destination = transfer.destination();
        try {
            MetadataWriter.Stored stored = guard.inTransaction(destination, connection -> MetadataWriter.store(connection,
                    source, destination, built, run.id(), run.keyFingerprint()));
            guard.inTransaction(source, connection -> {
                ResidencyLedger.append(connection, source, "METADATA_SENT", null, null, null, Map.of("run",
                        Long.toString(run.id()), "destination_region", destination, "tenants",
                        Integer.toString(built.tenants().size()), "rows_written",
                        Integer.toString(stored.written()), "rows_removed", Integer.toString(stored.removed()),
                        "suppressed_cells", Integer.toString(built.suppressedCells()), "digest", stored.digest(),
                        "k_threshold", Integer.toString(run.kThreshold()), "key_fingerprint", run.keyFingerprint()));
                return null;
            });
            ledger.sent(run.id(), source, destination, built.tenants().size(), stored,
                    built.suppressedCells());
            log.info("sync {}: {} -> {}: {} tenants, {} rows written, {} removed, digest {}", run.id(), source, destination,
                    built.tenants().size(), stored.written(), stored.removed(), stored.digest().substring(0, 12));
            return true;
        } catch (RegionUnavailableException e) {
            String down = OneLine.of(e.getMessage());
            log.warn("sync {}: {} -> {} not sent: {}; the other destinations still receive, the next run catches up",
                    run.id(), source, destination, down);
            ledger.notSent(run.id(), source, destination, SyncTransfer.FAILED, down);
        } catch (RuntimeException e) {
            String message = OneLine.of(e instanceof OrchestratorException ? e.getMessage() : e.toString());
            log.warn("sync {}: {} -> {} failed: {}", run.id(), source, destination, message);
            ledger.notSent(run.id(), source, destination, SyncTransfer.FAILED, message);
        }
        return false;
    }

    private void withhold(SyncRun run, SyncTransfer transfer) {
        try {
            guard.inTransaction(transfer.source(), connection -> {
                ResidencyLedger.append(connection, transfer.source(), "METADATA_WITHHELD", null, null, null, Map.of(
                        "run", Long.toString(run.id()), "destination_region", transfer.destination(), "rule", transfer.rule()));
                return null;
            });
            ledger.withheldRecorded(run.id(), transfer.source(), transfer.destination());
            log.info("sync {}: {} -> {} withheld: {}", run.id(), transfer.source(), transfer.destination(), transfer.rule());
            revoke(run, transfer);
        } catch (RuntimeException e) {
            // nothing was sent either way; the withholding is recorded by the next attempt
            log.warn("sync {}: {} -> {} withheld, not yet recorded in {}'s ledger: {}", run.id(), transfer.source(),
                    transfer.destination(), transfer.source(), OneLine.of(e.getMessage()));
        }
    }

    /**
     * Removes what a forbidden destination still holds from the source (received while the rules
     * allowed it), with a METADATA_REVOKED entry in the destination's ledger; a destination down keeps
     * it until a later run reaches it.
     */
    private void revoke(SyncRun run, SyncTransfer transfer) {
        try {
            int removed = guard.inTransaction(transfer.destination(), connection -> MetadataWriter.revoke(connection,
                    transfer.source(), transfer.destination(), run.id(), transfer.rule()));
            if (removed > 0) {
                log.warn("sync {}: {} held {} rows from {} that its rules now forbid; removed", run.id(),
                        transfer.destination(), removed, transfer.source());
            }
        } catch (RuntimeException e) {
            log.warn("sync {}: {} may still hold rows from {} that its rules forbid; not reached: {}", run.id(),
                    transfer.destination(), transfer.source(), OneLine.of(e.getMessage()));
        }
    }

    @Override
    public WaveVerdict afterWave(long runId, int wave, long millis) {
        Map<String, Integer> counts = ledger.counts(runId);
        log.info("sync {}: {} transfers sent, {} forbidden, {} failed, {} pending in {} ms", runId,
                counts.getOrDefault(SyncTransfer.SENT, 0), counts.getOrDefault(SyncTransfer.FORBIDDEN, 0),
                counts.getOrDefault(SyncTransfer.FAILED, 0), counts.getOrDefault(SyncTransfer.PENDING, 0), millis);
        return WaveVerdict.CONTINUE;
    }

    @Override
    public String unit() {
        return "transfers";
    }

    @Override
    public int left(long runId) {
        return FleetWork.count(ledger.counts(runId), state -> state.equals(SyncTransfer.PENDING)
                || state.equals(SyncTransfer.FAILED));
    }

    @Override
    public RunLedger<?> runs() {
        return ledger;
    }

    @Override
    public String notDone(long runId) {
        return "not sent (a region down or a payload refused; see 'sync status " + runId + "')";
    }
}
