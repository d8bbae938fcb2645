package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.fleet.remote.FleetWorkers;
import io.tenantfleet.fleet.remote.PartitionWorker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code worker}: runs fleet-job partitions that managers started with {@code --workers remote}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs partitions of fleet jobs (rollout apply/resume --workers remote) handed out through the",
                "control plane, until stopped (Ctrl-C or SIGTERM; a partition it was running then fails and the",
                "run can be resumed). Start any number, on any host that reaches the control plane and the regions",
                "with the same catalog."})
final class WorkerCommand extends ContextCommand {

    private static final String ID_PATTERN = "^[A-Za-z0-9._@:-]{1,120}$";

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "Partitions this worker runs at once, 1-256 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--id", paramLabel = "ID",
            description = "Name of this worker in the control plane (default: HOST-PID); letters, digits and ._@:-")
    String id;

    @Override
    void validateBeforeStart() {
        if (threads < 1 || threads > 256) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --threads " + threads + "; use 1 to 256");
        }
        if (id != null && !id.matches(ID_PATTERN)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --id '" + id
                    + "'; use 1-120 letters, digits or . _ @ : -");
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        int pool = context.getBean(OrchestratorProperties.class).regionPoolSize();
        if (threads > pool) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--threads " + threads + " is more than the "
                    + pool + " connections kept per region (orchestrator.region-pool-size): each running partition "
                    + "holds one; lower --threads or start the worker with -Dorchestrator.region-pool-size=" + threads);
        }
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        String name = id != null ? id : (host + "-" + pid).replaceAll("[^A-Za-z0-9._@:-]", "_");
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true), "worker-stop"));
        int ran = context.getBean(PartitionWorker.class).serve(new FleetWorkers.Worker(name, host, pid, threads), stop::get);
        out().println("worker " + name + " stopped after " + ran + " partitions");
        return 0;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
