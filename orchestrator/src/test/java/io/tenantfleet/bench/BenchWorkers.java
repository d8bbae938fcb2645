package io.tenantfleet.bench;

import io.tenantfleet.fleet.remote.FleetWorkers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code orchestrator worker} JVMs for the benchmark, on the benchmark's own (shared) embedded
 * fleet, with the same JVM flags as the benchmark; their output goes to files beside its data.
 */
final class BenchWorkers implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    static BenchWorkers start(int count, int threads, Path dataDir, String template, FleetWorkers registry)
            throws IOException, InterruptedException {
        BenchWorkers workers = new BenchWorkers();
        for (int i = 0; i < count; i++) {
            String id = "bench-" + i + "-" + System.nanoTime();
            workers.processes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "-Dorchestrator.tenant-template=" + template, "io.tenantfleet.cli.Main", "--data-dir",
                    dataDir.toString(), "worker", "--threads", Integer.toString(threads), "--id", id)
                    .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(id + ".log").toFile()).start());
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (registry.alive().size() < count) {
            if (System.currentTimeMillis() > deadline || workers.processes.stream().anyMatch(p -> !p.isAlive())) {
                workers.close();
                throw new IllegalStateException("bench workers did not start; see " + dataDir.getParent() + "/bench-*.log");
            }
            Thread.sleep(100);
        }
        return workers;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
