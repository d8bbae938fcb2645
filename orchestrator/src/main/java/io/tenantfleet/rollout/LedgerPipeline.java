package io.tenantfleet.rollout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A partition's ledger writes, one batch behind its region work: {@link #record} waits for the
 * previous write and hands this one to a thread of its own, so at most one write is outstanding and
 * writes keep their order; {@link #flush} waits for the last. A failed write surfaces at the next
 * call.
 */
final class LedgerPipeline implements AutoCloseable {

    private final RolloutLedger ledger;
    private final long runId;
    private final ExecutorService writer;
    private Future<?> last = CompletableFuture.completedFuture(null);

    LedgerPipeline(RolloutLedger ledger, long runId) {
        this.ledger = ledger;
        this.runId = runId;
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "rollout-ledger-" + runId);
            thread.setDaemon(true);
            return thread;
        });
    }

    void record(List<RolloutLedger.Result> results) {
        flush();
        last = writer.submit(() -> ledger.record(runId, results));
    }

    void flush() {
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording rollout " + runId + " results", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot record rollout " + runId + " results", e.getCause());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
