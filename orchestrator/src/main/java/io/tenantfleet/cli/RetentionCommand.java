package io.tenantfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retention}: per-jurisdiction retention: purge runs and their evidence. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Enforces each tenant's retention policy: purge runs (with a dry run), their status and resume.",
        subcommands = {RetentionRunCommand.class, RetentionStatusCommand.class, RetentionResumeCommand.class})
final class RetentionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (run, status, resume)");
    }
}
