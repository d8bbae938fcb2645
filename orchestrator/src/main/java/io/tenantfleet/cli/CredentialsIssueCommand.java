package io.tenantfleet.cli;

import io.tenantfleet.credentials.CredentialService;
import io.tenantfleet.credentials.DataKeyHandout;
import io.tenantfleet.credentials.IssuedLogin;
import io.tenantfleet.tenant.TenantSlug;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--with-data-key",
            description = "Also hand out the organization's id and data key (for pii_encrypt/pii_decrypt), once, "
                    + "with the password; recorded in the region's ledger.")
    boolean withDataKey;

    @Mixin
    OutputOption output;

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
        DataKeyHandout keys = context.getBean(DataKeyHandout.class);
        TenantSlug slug = new TenantSlug(org);
        SecretFile file = out == null ? null : SecretFile.create(out);
        IssuedLogin issued;
        try {
            issued = issue(service, slug);
        } catch (RuntimeException e) {
            if (file != null) {
                file.discard();
            }
            throw e;
        }
        try {
            DataKeyHandout.AppKeys appKeys = null;
            RuntimeException keyFailure = null;
            try {
                appKeys = withDataKey ? keys.handOut(slug, issued.login()) : null;
            } catch (RuntimeException e) {
                // the login exists: show it even so, then report why the data key did not come
                keyFailure = e;
            }
            DataKeyHandout.AppKeys shown = appKeys;
            if (file != null) {
                file.write(writer -> CredentialOutput.writeFile(writer, issued, shown));
            }
            CredentialOutput.printIssued(out(), output.format, issued, out, file == null ? shown : null);
            if (keyFailure != null) {
                throw keyFailure;
            }
        } finally {
            issued.wipe();
        }
        return 0;
    }
}
