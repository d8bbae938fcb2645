package io.tenantfleet.cli;

import io.tenantfleet.rollout.RolloutLedger;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On a terminal, a live line per region (done/total) redrawn twice a second from the rollout
 * ledger; elsewhere nothing here (the job logs one line per wave).
 */
final class RolloutProgress implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final PrintWriter err;

    private RolloutProgress(ScheduledExecutorService timer, PrintWriter err) {
        this.timer = timer;
        this.err = err;
    }

    static RolloutProgress start(ConfigurableApplicationContext context, boolean terminal, PrintWriter err) {
        if (!terminal) {
            return new RolloutProgress(null, err);
        }
        RolloutLedger ledger = context.getBean(RolloutLedger.class);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rollout-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> draw(ledger, err), 500, 500, TimeUnit.MILLISECONDS);
        return new RolloutProgress(timer, err);
    }

    private static void draw(RolloutLedger ledger, PrintWriter err) {
        Map<String, String> line = new TreeMap<>();
        ledger.progressOfRunning().forEach((region, counts) -> line.put(region, counts[0] + "/" + counts[2]
                + (counts[1] > 0 ? " (" + counts[1] + " failed)" : "")));
        if (!line.isEmpty()) {
            StringBuilder text = new StringBuilder("\r");
            line.forEach((region, progress) -> text.append(region).append(' ').append(progress).append("   "));
            err.print(text);
            err.flush();
        }
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
