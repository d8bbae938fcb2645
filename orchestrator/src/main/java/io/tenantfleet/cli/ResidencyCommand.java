package io.tenantfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code residency}: evidence for auditors that every tenant's data is where it belongs. */
@Command(name = "residency", mixinStandardHelpOptions = true,
        description = {"Residency audit: a report built by inspecting the regional servers themselves (not the",
                "orchestrator's records), each finding with its evidence, recorded in every region's ledger;",
                "and its verification later."},
        subcommands = {ResidencyReportCommand.class, ResidencyVerifyCommand.class})
final class ResidencyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (report, verify)");
    }
}
