package io.tenantfleet.cli;

import io.tenantfleet.sync.SyncService;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sync resume RUN}: sends what an unfinished sync run did not. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continues an incomplete, failed or interrupted sync run (its Spring Batch job restarts): transfers "
                + "not sent are sent again, from figures read now. Exit 1 when still not complete.")
final class SyncResumeCommand extends ResumeCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "Sync run id.")
    long runId;

    @Override
    int run(ConfigurableApplicationContext context) {
        SyncService service = context.getBean(SyncService.class);
        return SyncStatusCommand.report(service, service.resume(runId, workers()), false, out());
    }
}
