package io.tenantfleet.cli;

import io.tenantfleet.credentials.CredentialService;
import io.tenantfleet.credentials.IssuedLogin;
import io.tenantfleet.tenant.TenantSlug;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credentials rotate}: a new login, the current ones kept valid for a grace period. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Issues a new login (as 'issue' does); the logins valid until now stay valid for --grace more",
                "(VALID UNTIL), so the application can switch without downtime. Logins whose grace has passed",
                "are dropped, their sessions terminated."})
final class CredentialsRotateCommand extends CredentialsIssueCommand {

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "24h", converter = GraceConverter.class,
            description = "How long the previous logins stay valid: e.g. 30m, 24h, 7d (1 minute to 30 days; default 24h).")
    Duration grace;

    @Override
    IssuedLogin issue(CredentialService service, TenantSlug slug) {
        return service.rotate(slug, grace);
    }
}
