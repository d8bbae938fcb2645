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

    WaveOutcome run(long runId, List<RolloutTenant> tenants, TemplateVersion target, int parallel) {
        Map<String, Queue<RolloutTenant>> byRegion = new LinkedHashMap<>();
        tenants.forEach(t -> byRegion.computeIfAbsent(t.region(), r -> new ConcurrentLinkedQueue<>()).add(t));
        Counters counters = new Counters();
        List<ExecutorService> pools = new ArrayList<>();
        List<Future<?>> workers = new ArrayList<>();
        for (Map.Entry<String, Queue<RolloutTenant>> region : byRegion.entrySet()) {
            ExecutorService pool = Executors.newFixedThreadPool(parallel, named("rollout-" + region.getKey()));
            pools.add(pool);
            AtomicBoolean down = new AtomicBoolean();
            for (int i = 0; i < Math.min(parallel, region.getValue().size()); i++) {
                workers.add(pool.submit(() -> work(runId, region.getKey(), region.getValue(), down, target, counters)));
            }
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rollout interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            log.error("rollout worker failed", e.getCause());
            throw new IllegalStateException("rollout worker failed: " + e.getCause(), e.getCause());
        } finally {
            pools.forEach(ExecutorService::shutdownNow);
        }
        return counters.outcome();
    }

    private void work(long runId, String region, Queue<RolloutTenant> queue, AtomicBoolean down, TemplateVersion target,
            Counters counters) {
        List<RolloutLedger.Result> buffer = new ArrayList<>();
        RolloutTenant tenant;
        while ((tenant = queue.poll()) != null) {
            RolloutLedger.Result result = down.get()
                    ? pending(tenant, "region " + region + " went down during the rollout")
                    : migrate(tenant, target, down);
            counters.count(result, tenant);
            buffer.add(result);
            if (buffer.size() >= FLUSH_EVERY) {
                ledger.record(runId, buffer);
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            ledger.record(runId, buffer);
        }
    }

    private RolloutLedger.Result migrate(RolloutTenant tenant, TemplateVersion target, AtomicBoolean down) {
        long started = System.nanoTime();
        try {
            TenantMigrationExecutor.Outcome outcome = guard.call(tenant.region(),
                    connection -> executor.migrate(connection, tenant.planned(), target));
            return switch (outcome.result()) {
                case MIGRATED, ALREADY_CURRENT -> new RolloutLedger.Result(tenant.tenantId(), "done", null, outcome.millis(),
                        outcome.version());
                case BUSY -> new RolloutLedger.Result(tenant.tenantId(), "skipped", outcome.error(), outcome.millis(), null);
            };
        } catch (RegionUnavailableException e) {
            down.set(true);
            return pending(tenant, e.getMessage());
        } catch (RuntimeException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            String message = e instanceof OrchestratorException ? e.getMessage() : e.toString();
            return new RolloutLedger.Result(tenant.tenantId(), "failed", oneLine(message), millis, null);
        }
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
