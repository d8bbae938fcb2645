package io.tenantfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retention}: each tenant's retention per data category, and the purge runs that enforce it. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Retention per data category (personal_data, business_records, credentials, audit_records):",
                "the strictest of each tenant's region and framework rules, with the rule that set each figure;",
                "purge runs that enforce it (with a dry run), their status and resume."},
        subcommands = {
            RetentionShowCommand.class,
            RetentionSetCommand.class,
            RetentionRunCommand.class,
            RetentionStatusCommand.class,
            RetentionResumeCommand.class,
        })
final class RetentionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required ("
                + String.join(", ", spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList())
                + ")");
    }
}
