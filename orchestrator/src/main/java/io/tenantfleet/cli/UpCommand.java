package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.EmbeddedFleet;
import io.tenantfleet.region.SharedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code up}: starts the catalog's embedded servers and keeps them running for other processes. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the embedded control plane and regions in a background process and keeps them running,",
                "so that several processes (workers, managers, any command) share them. Stop them with 'down'.",
                "Without 'up', each command starts and stops the embedded servers itself."})
final class UpCommand extends ContextCommand {

    private static final long START_WAIT_MS = 180_000;

    @Option(names = "--foreground", description = "Keep the servers in this process until it is stopped (Ctrl-C, SIGTERM).")
    boolean foreground;

    @Override
    int run(ConfigurableApplicationContext context) {
        EmbeddedFleet fleet = context.getBean(EmbeddedFleet.class);
        Map<String, Path> dirs = fleet.dataDirs();
        if (dirs.isEmpty()) {
            out().println("nothing to start: the catalog has no embedded server");
            return 0;
        }
        if (foreground) {
            fleet.up().forEach((name, url) -> out().println("up: " + name + " " + url));
            out().println("up: pid " + ProcessHandle.current().pid() + "; stop with 'orchestrator down'");
            out().flush();
            sleepUntilStopped();
            return 0;
        }
        Optional<Long> running = SharedServers.sharedBy(dirs.values().iterator().next());
        if (running.isPresent()) {
            out().println("already up (pid " + running.get() + ")");
            return 0;
        }
        return startInBackground(dirs);
    }

    private int startInBackground(Map<String, Path> dirs) {
        try {
            Path log = Files.createTempFile("tenant-fleet-up-", ".log");
            Process child = new ProcessBuilder(childCommand()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            long deadline = System.currentTimeMillis() + START_WAIT_MS;
            while (!allOwnedBy(dirs, child.pid())) {
                if (!child.isAlive() || System.currentTimeMillis() > deadline) {
                    child.destroy();
                    throw new OrchestratorException(ErrorCode.REGION_UNAVAILABLE, "the embedded servers did not start: "
                            + lastLine(log) + " (full log: " + log + ")");
                }
                Thread.sleep(200);
            }
            Files.readAllLines(log).stream().filter(line -> line.startsWith("up: ")).forEach(out()::println);
            return 0;
        } catch (IOException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot start the background process: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static boolean allOwnedBy(Map<String, Path> dirs, long pid) {
        return dirs.values().stream().allMatch(dir -> SharedServers.sharedBy(dir).filter(owner -> owner == pid).isPresent());
    }

    /** This same program, with the same global options, as {@code up --foreground}. */
    private List<String> childCommand() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(Main.class.getName());
        }
        global.catalog().ifPresent(path -> command.add("--catalog=" + path.toAbsolutePath()));
        global.dataDir().ifPresent(path -> command.add("--data-dir=" + path.toAbsolutePath()));
        command.add("up");
        command.add("--foreground");
        return command;
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    private static void sleepUntilStopped() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
