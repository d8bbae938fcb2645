package io.tenantfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollout}: rolling migrations of every tenant schema in every region. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Rolls tenant-template migrations across every tenant schema in every region: plan, canary, waves, resume.",
        subcommands = {RolloutPlanCommand.class, RolloutApplyCommand.class, RolloutStatusCommand.class,
                RolloutResumeCommand.class})
final class RolloutCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (plan, apply, status, resume)");
    }
}
