package io.tenantfleet.cli;

import io.tenantfleet.retention.RetentionService;
import io.tenantfleet.rollout.RolloutLedger;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On a terminal, a live line of a running fleet job redrawn in place twice a second from the
 * control plane; elsewhere nothing here (the job logs one line per wave).
 */
final class LiveProgress implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final PrintWriter err;

    private LiveProgress(ScheduledExecutorService timer, PrintWriter err) {
        this.timer = timer;
        this.err = err;
    }

    /** Per region of the running rollout: tenants done/total, and failed ones. */
    static LiveProgress rollout(ConfigurableApplicationContext context, boolean terminal, PrintWriter err) {
        return terminal ? start(err, () -> {
            Map<String, String> line = new TreeMap<>();
            context.getBean(RolloutLedger.class).progressOfRunning().forEach((region, counts) -> line.put(region,
                    counts[0] + "/" + counts[2] + (counts[1] > 0 ? " (" + counts[1] + " failed)" : "")));
            StringBuilder text = new StringBuilder();
            line.forEach((region, progress) -> text.append(region).append(' ').append(progress).append("   "));
            return text.isEmpty() ? Optional.empty() : Optional.of(text.toString());
        }) : new LiveProgress(null, err);
    }

    /** The running retention run: tenants done/total and rows removed by them. */
    static LiveProgress retention(ConfigurableApplicationContext context, boolean terminal, PrintWriter err) {
        return terminal ? start(err, () -> context.getBean(RetentionService.class).progressOfRunning())
                : new LiveProgress(null, err);
    }

    private static LiveProgress start(PrintWriter err, Supplier<Optional<String>> line) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "live-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> line.get().ifPresent(text -> {
            err.print("\r" + text + "   ");
            err.flush();
        }), 500, 500, TimeUnit.MILLISECONDS);
        return new LiveProgress(timer, err);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            err.println();
            err.flush();
        }
    }
}
