package io.tenantfleet.cli;

import io.tenantfleet.credentials.CredentialService;
import io.tenantfleet.credentials.IssuedLogin;
import io.tenantfleet.tenant.TenantSlug;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credentials issue}: a new login for a tenant's application. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Creates a login org_<slug>_login_<n> in the organization's home region: member of org_<slug>_app",
                "only, sessions scoped to the organization by default. Prints its password once with the region's",
                "JDBC and libpq connection strings, or writes them to a new owner-only file (--out)."})
class CredentialsIssueCommand extends ContextCommand {

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme_health.")
    String org;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the password and connection strings to this new file (mode 0600) instead of stdout.")
    Path out;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    CredentialOutput.Format format;

    @Override
    void validateBeforeStart() {
        new TenantSlug(org);
        if (out != null) {
            SecretFile.checkNew(out);
        }
    }

    IssuedLogin issue(CredentialService service, TenantSlug slug) {
        return service.issue(slug);
    }

    @Override
    final int run(ConfigurableApplicationContext context) {
        CredentialService service = context.getBean(CredentialService.class);
        TenantSlug slug = new TenantSlug(org);
        if (out == null) {
            IssuedLogin issued = issue(service, slug);
            try {
                CredentialOutput.printIssued(out(), format, issued, null);
            } finally {
                issued.wipe();
            }
            return 0;
        }
        SecretFile file = SecretFile.create(out);
        IssuedLogin issued;
        try {
            issued = issue(service, slug);
        } catch (RuntimeException e) {
            file.discard();
            throw e;
        }
        try {
            file.write(writer -> CredentialOutput.writeFile(writer, issued));
            CredentialOutput.printIssued(out(), format, issued, out);
        } finally {
            issued.wipe();
        }
        return 0;
    }
}
