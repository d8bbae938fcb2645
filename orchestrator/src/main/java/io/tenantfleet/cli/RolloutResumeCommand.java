package io.tenantfleet.cli;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.rollout.RolloutRun;
import io.tenantfleet.rollout.RolloutService;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rollout resume RUN}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continues a halted, incomplete or interrupted rollout where it stopped: tenants already at the",
                "target are recorded done without running anything again; failed and pending ones are tried again."})
final class RolloutResumeCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "The rollout run id (see 'rollout status').")
    long runId;

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run: threads of this process, or 'orchestrator worker' processes "
                    + "(default: ${DEFAULT-VALUE}).")
    String workers;

    @Override
    void validateBeforeStart() {
        Workers.parse(workers);
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        RolloutService service = context.getBean(RolloutService.class);
        try (LiveProgress progress = LiveProgress.rollout(context, System.console() != null, spec.commandLine().getErr())) {
            RolloutRun run = service.resume(runId, Workers.parse(workers));
            return RolloutStatusCommand.summarize(service, run, out());
        }
    }
}
