package io.tenantfleet.rollout;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one wave: every region at once, each through its own pool of {@code parallel} workers (the
 * region's bulkhead, so a slow region never starves another). A region that goes down leaves its
 * remaining tenants pending, not failed; the other regions finish. Results reach the ledger in
 * batches.
 */
@Component
class WaveRunner {

    private static final Logger log = LoggerFactory.getLogger(WaveRunner.class);
    private static final int FLUSH_EVERY = 50;

    /** What a wave did. */
    record WaveOutcome(int done, int failed, int unavailable, int skipped, List<String> failures) {
        int total() {
            return done + failed + unavailable + skipped;
        }
    }

    private final RegionGuard guard;
    private final TenantMigrationExecutor executor;
    private final RolloutLedger ledger;

    WaveRunner(RegionGuard guard, TenantMigrationExecutor executor, RolloutLedger ledger) {
        this.guard = guard;
        this.executor = executor;
        this.ledger = ledger;
    }

    WaveOutcome run(long runId, List<RolloutTenant> tenants, TemplateVersion target, int parallel, int batchSize) {
        Map<String, Queue<RolloutTenant>> byRegion = new LinkedHashMap<>();
        tenants.forEach(t -> byRegion.computeIfAbsent(t.region(), r -> new ConcurrentLinkedQueue<>()).add(t));
        Counters counters = new Counters();
        Recorder recorder = new Recorder(runId);
        List<ExecutorService> pools = new ArrayList<>();
        List<Future<?>> workers = new ArrayList<>();
        for (Map.Entry<String, Queue<RolloutTenant>> region : byRegion.entrySet()) {
            ExecutorService pool = Executors.newFixedThreadPool(parallel, named("rollout-" + region.getKey()));
            pools.add(pool);
            AtomicBoolean down = new AtomicBoolean();
            for (int i = 0; i < Math.min(parallel, region.getValue().size()); i++) {
                workers.add(pool.submit(() -> work(region.getKey(), region.getValue(), down, target, batchSize, counters,
                        recorder)));
            }
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
            recorder.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rollout interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            log.error("rollout worker failed", e.getCause());
            throw new IllegalStateException("rollout worker failed: " + e.getCause(), e.getCause());
        } finally {
            pools.forEach(ExecutorService::shutdownNow);
            recorder.close();
        }
        return counters.outcome();
    }

    private void work(String region, Queue<RolloutTenant> queue, AtomicBoolean down, TemplateVersion target,
            int batchSize, Counters counters, Recorder recorder) {
        List<RolloutLedger.Result> buffer = new ArrayList<>();
        List<RolloutTenant> batch;
        while (!(batch = take(queue, batchSize)).isEmpty()) {
            List<RolloutLedger.Result> results = down.get()
                    ? batch.stream().map(t -> pending(t, "region " + region + " went down during the rollout")).toList()
                    : migrate(batch, target, down);
            for (int i = 0; i < batch.size(); i++) {
                counters.count(results.get(i), batch.get(i));
            }
            buffer.addAll(results);
            if (buffer.size() >= FLUSH_EVERY) {
                recorder.record(buffer);
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            recorder.record(buffer);
        }
    }

    /** Up to {@code size} tenants that share a starting version, so that one call migrates them all. */
    private static List<RolloutTenant> take(Queue<RolloutTenant> queue, int size) {
        List<RolloutTenant> batch = new ArrayList<>();
        synchronized (queue) {
            RolloutTenant head = queue.peek();
            while (head != null && batch.size() < size
                    && (batch.isEmpty() || head.fromVersion().equals(batch.get(0).fromVersion()))) {
                batch.add(queue.poll());
                head = queue.peek();
            }
        }
        return batch;
    }

    private List<RolloutLedger.Result> migrate(List<RolloutTenant> batch, TemplateVersion target, AtomicBoolean down) {
        long started = System.nanoTime();
        try {
            List<TenantMigrationExecutor.Outcome> outcomes = guard.call(batch.get(0).region(),
                    connection -> executor.migrate(connection, batch.stream().map(RolloutTenant::planned).toList(), target));
            List<String> changed = outcomes.stream().filter(o -> o.result() == TenantMigrationExecutor.Result.MIGRATED
                    && !o.asPlanned()).map(o -> o.tenant().slug()).toList();
            if (!changed.isEmpty()) {
                log.info("{} changed after the plan and were migrated from their real version: {}", changed.size(),
                        String.join(", ", changed));
            }
            return outcomes.stream().map(WaveRunner::result).toList();
        } catch (RegionUnavailableException e) {
            if (down.compareAndSet(false, true)) {
                log.warn("{}; its remaining tenants of this wave stay pending while the other regions go on, "
                        + "and 'rollout resume' continues them once it is back", oneLine(e.getMessage()));
            }
            return batch.stream().map(t -> pending(t, e.getMessage())).toList();
        } catch (RuntimeException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            String message = oneLine(e instanceof OrchestratorException ? e.getMessage() : e.toString());
            return batch.stream().map(t -> new RolloutLedger.Result(t.tenantId(), "failed", message, millis, null)).toList();
        }
    }

    private static RolloutLedger.Result result(TenantMigrationExecutor.Outcome outcome) {
        java.util.UUID id = outcome.tenant().tenantId();
        return switch (outcome.result()) {
            case MIGRATED, ALREADY_CURRENT -> new RolloutLedger.Result(id, "done", null, outcome.millis(), outcome.version());
            case BUSY -> new RolloutLedger.Result(id, "skipped", outcome.error(), outcome.millis(), null);
            case FAILED -> new RolloutLedger.Result(id, "failed", oneLine(outcome.error()), outcome.millis(), null);
        };
    }

    private static RolloutLedger.Result pending(RolloutTenant tenant, String why) {
        return new RolloutLedger.Result(tenant.tenantId(), "pending", oneLine(why), null, null);
    }

    private static String oneLine(String message) {
        String text = String.valueOf(message).replaceAll("\\s+", " ").trim();
        return text.length() > 500 ? text.substring(0, 497) + "..." : text;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger index = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + index.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Writes a wave's results to the control plane on a thread of its own, so that region workers
     * never wait for the control plane between batches; a wave ends once everything is written.
     */
    private final class Recorder implements AutoCloseable {
        private final long runId;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(named("rollout-ledger"));
        private final Queue<Future<?>> writes = new ConcurrentLinkedQueue<>();

        Recorder(long runId) {
            this.runId = runId;
        }

        void record(List<RolloutLedger.Result> results) {
            List<RolloutLedger.Result> copy = List.copyOf(results);
            writes.add(writer.submit(() -> ledger.record(runId, copy)));
        }

        void finish() throws InterruptedException, java.util.concurrent.ExecutionException {
            for (Future<?> write : writes) {
                write.get();
            }
        }

        /** Lets results already handed over reach the ledger even when the wave fails. */
        @Override
        public void close() {
            writer.shutdown();
            try {
                if (!writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    writer.shutdownNow();
                }
            } catch (InterruptedException e) {
                writer.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Tallies of a wave, shared by its workers. */
    private static final class Counters {
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        void count(RolloutLedger.Result result, RolloutTenant tenant) {
            switch (result.state()) {
                case "done" -> done.incrementAndGet();
                case "failed" -> {
                    failed.incrementAndGet();
                    failures.add(tenant.slug() + ": " + result.error());
                }
                case "skipped" -> skipped.incrementAndGet();
                default -> unavailable.incrementAndGet();
            }
        }

        WaveOutcome outcome() {
            return new WaveOutcome(done.get(), failed.get(), unavailable.get(), skipped.get(), List.copyOf(failures));
        }
    }

    static void logWave(long runId, int wave, int waves, WaveOutcome outcome, long millis) {
        log.info("rollout {} wave {}/{}: {} done, {} failed, {} pending (region down), {} skipped (busy) in {} ms", runId,
                wave, waves - 1, outcome.done(), outcome.failed(), outcome.unavailable(), outcome.skipped(), millis);
    }
}
