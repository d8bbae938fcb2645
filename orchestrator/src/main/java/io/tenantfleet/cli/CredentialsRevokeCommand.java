package io.tenantfleet.cli;

import io.tenantfleet.credentials.CredentialService;
import io.tenantfleet.credentials.RevokedLogins;
import io.tenantfleet.tenant.TenantSlug;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code credentials revoke}: ends one login or all of an organization's logins. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Ends a login (--login NAME) or every login of the organization (--all): no new session can",
                "start, open sessions are terminated and the role is dropped. Logins whose grace has passed go too."})
final class CredentialsRevokeCommand extends ContextCommand {

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme_health.")
    String org;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--login", paramLabel = "NAME", description = "The login to end, e.g. org_acme_health_login_1.")
        String login;

        @Option(names = "--all", description = "End every login of the organization.")
        boolean all;
    }

    @Mixin
    OutputOption output;

    @Override
    void validateBeforeStart() {
        TenantSlug slug = new TenantSlug(org);
        if (which.login != null) {
            CredentialService.checkLoginName(slug, which.login);
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        RevokedLogins revoked = context.getBean(CredentialService.class).revoke(new TenantSlug(org),
                Optional.ofNullable(which.login));
        CredentialOutput.printRevoked(out(), output.format, revoked);
        return 0;
    }
}
