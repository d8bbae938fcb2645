package io.tenantfleet.cli;

import io.tenantfleet.provisioning.BulkProvisioningService;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provision resume RUN}: provisions what an unfinished bulk run did not. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continues a bulk onboarding run that was stopped (killed, a region down, rows failed): its Spring "
                + "Batch job restarts, rows done stay done, and a tenant whose build had committed is activated without "
                + "being built again. Exit 1 when rows still failed.")
final class ProvisionResumeCommand extends ResumeCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    long runId;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    int run(ConfigurableApplicationContext context) {
        return BulkOutput.print(context.getBean(BulkProvisioningService.class).resume(runId, workers()),
                output == OutputFormat.json, out());
    }
}
