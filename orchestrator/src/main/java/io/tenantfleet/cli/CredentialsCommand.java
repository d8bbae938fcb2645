package io.tenantfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code credentials}: the logins a tenant's application connects with. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = {"Logins for a tenant's application in its home region: a LOGIN role that is a member of",
                "org_<slug>_app only, with a generated SCRAM password shown once."},
        subcommands = {CredentialsIssueCommand.class, CredentialsRotateCommand.class, CredentialsRevokeCommand.class})
final class CredentialsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (issue, rotate, revoke)");
    }
}
