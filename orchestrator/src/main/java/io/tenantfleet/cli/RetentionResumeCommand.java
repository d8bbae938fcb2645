package io.tenantfleet.cli;

import io.tenantfleet.retention.RetentionRun;
import io.tenantfleet.retention.RetentionService;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code retention resume RUN}: continues an unfinished retention run. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continues an incomplete, failed or interrupted retention run (its Spring Batch job restarts): tenants "
                + "not done are purged to the cut-offs of their first attempt. Exit 1 when still not complete.")
final class RetentionResumeCommand extends ResumeCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "Retention run id.")
    long runId;

    @Override
    int run(ConfigurableApplicationContext context) {
        RetentionService service = context.getBean(RetentionService.class);
        RetentionRun run;
        try (LiveProgress progress = LiveProgress.retention(context, System.console() != null, spec.commandLine().getErr())) {
            run = service.resume(runId, workers());
        }
        return RetentionStatusCommand.report(service, run, false, false, out());
    }
}
