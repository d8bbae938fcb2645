package io.tenantfleet.cli;

import io.tenantfleet.region.ControlPlaneConfiguration;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

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
        JdbcClient jdbc = context.getBean(ControlPlaneConfiguration.JDBC, JdbcClient.class);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rollout-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> draw(jdbc, err), 500, 500, TimeUnit.MILLISECONDS);
        return new RolloutProgress(timer, err);
    }

    private static void draw(JdbcClient jdbc, PrintWriter err) {
        Map<String, String> line = new TreeMap<>();
        jdbc.sql("SELECT region, count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'), count(*) "
                + "FROM rollout_tenant WHERE run_id = (SELECT max(run_id) FROM rollout_run WHERE status = 'RUNNING') "
                + "GROUP BY region").query(rs -> {
                    line.put(rs.getString(1), rs.getInt(2) + "/" + rs.getInt(4) + (rs.getInt(3) > 0 ? " (" + rs.getInt(3)
                            + " failed)" : ""));
                });
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
