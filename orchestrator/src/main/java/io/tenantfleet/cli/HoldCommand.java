package io.tenantfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hold}: legal holds that keep data from retention, erasure and every other destructive path. */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = {"Legal holds in an organization's home region: the whole tenant, one table or one row is kept",
                "from retention purges and erasure until the hold is removed or its last day has passed."},
        subcommands = {HoldAddCommand.class, HoldRemoveCommand.class, HoldListCommand.class})
final class HoldCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (add, remove, list)");
    }

    /** Who places or releases a hold: the operating-system user running the orchestrator. */
    static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}
