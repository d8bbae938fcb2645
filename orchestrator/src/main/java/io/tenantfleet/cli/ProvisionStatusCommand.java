package io.tenantfleet.cli;

import io.tenantfleet.provisioning.BulkProvisioningService;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provision status [RUN]}: the rows of a bulk onboarding run and its summary per region. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "A bulk onboarding run (default: the latest): each bad or failed row with its line and error, then "
                + "per region the rows provisioned, already present, failed and skipped. Exit 1 when rows failed or "
                + "are left, 2 when rows were bad input.")
final class ProvisionStatusCommand extends ContextCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Run id (default: the latest).")
    Long runId;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    int run(ConfigurableApplicationContext context) {
        return BulkOutput.print(context.getBean(BulkProvisioningService.class).status(Optional.ofNullable(runId)),
                output == OutputFormat.json, out());
    }
}
