package io.tenantfleet.cli;

import picocli.CommandLine.Command;

/** The root command; it only groups the subcommands. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true, version = "tenant-fleet orchestrator 0.1.0",
        description = "Provisions and runs tenant schemas across regional PostgreSQL servers, per jurisdiction.",
        subcommands = {DemoCommand.class, ProvisionCommand.class, StatusCommand.class, RolloutCommand.class, RetentionCommand.class, DriftCommand.class,
                FleetCommand.class,
                WorkerCommand.class, UpCommand.class, DownCommand.class, CredentialsCommand.class,
                CatalogCommand.class, HoldCommand.class, EraseCommand.class, SyncCommand.class, ResidencyCommand.class,
                ServeCommand.class,
                picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 operational failure, 2 bad input.",
                "Catalog: --catalog FILE (default: bundled local.yml with embedded PostgreSQL regions)."})
final class OrchestratorCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions global = new GlobalOptions();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
