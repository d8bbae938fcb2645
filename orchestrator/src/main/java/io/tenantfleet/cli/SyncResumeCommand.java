package io.tenantfleet.cli;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.sync.SyncService;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sync resume RUN}: sends what an unfinished sync run did not. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continues an incomplete, failed or interrupted sync run (its Spring Batch job restarts): transfers "
                + "not sent are sent again, from figures read now. Exit 1 when still not complete.")
final class SyncResumeCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "Sync run id.")
    long runId;

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run (default: ${DEFAULT-VALUE}).")
    String workers;

    @Override
    void validateBeforeStart() {
        Workers.parse(workers);
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        SyncService service = context.getBean(SyncService.class);
        return SyncStatusCommand.report(service, service.resume(runId, Workers.parse(workers)), false, out());
    }
}
