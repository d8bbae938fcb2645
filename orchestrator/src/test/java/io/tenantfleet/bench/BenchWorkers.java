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
    private final Path dataDir;
    private final String template;
    private final FleetWorkers registry;

    BenchWorkers(Path dataDir, String template, FleetWorkers registry) {
        this.dataDir = dataDir;
        this.template = template;
        this.registry = registry;
    }

    /** Starts one more worker with {@code threads} threads and waits until it is ready. */
    void add(int threads) throws IOException, InterruptedException {
        String id = "bench-" + processes.size();
        processes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dorchestrator.tenant-template=" + template, "io.tenantfleet.cli.Main", "--data-dir",
                dataDir.toString(), "worker", "--threads", Integer.toString(threads), "--id", id)
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(id + ".log").toFile()).start());
        long deadline = System.currentTimeMillis() + 120_000;
        while (registry.alive().size() < processes.size()) {
            if (System.currentTimeMillis() > deadline || processes.stream().anyMatch(p -> !p.isAlive())) {
                throw new IllegalStateException("bench worker " + id + " did not start; see "
                        + dataDir.resolveSibling(id + ".log"));
            }
            Thread.sleep(100);
        }
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
