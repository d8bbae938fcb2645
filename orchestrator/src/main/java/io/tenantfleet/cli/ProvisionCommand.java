package io.tenantfleet.cli;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionOutcome;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provision}: builds one organization's schema in its home region. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Provisions an organization: its schema org_<slug> in its home region only, with owner/app/read-only",
                "roles, row-level security, pgcrypto-encrypted PII, hash-chained audit triggers, soft deletes, the",
                "retention policy of its jurisdiction and its wrapped data key. Idempotent: an ACTIVE tenant is",
                "reported and left unchanged; a FAILED one is rebuilt from scratch."})
final class ProvisionCommand extends ContextCommand {

    @Option(names = "--org", required = true, paramLabel = "SLUG",
            description = "Organization slug: ^[a-z][a-z0-9_]{2,39}$, e.g. acme_health.")
    String org;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name (kept only in the home region).")
    String name;

    @Option(names = "--region", required = true, paramLabel = "ID", description = "Home region id from the catalog.")
    String region;

    @Option(names = "--frameworks", split = ",", paramLabel = "NAME",
            description = "Extra compliance frameworks (catalog jurisdiction names), comma-separated; the region's own always apply.")
    List<String> frameworks = new ArrayList<>();

    /** Slug and name are checked before anything starts, so bad input never reaches a database. */
    @Override
    void validateBeforeStart() {
        new io.tenantfleet.tenant.TenantSlug(org);
        ProvisionRequest.checkName(org, name);
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        ProvisionRequest request = ProvisionRequest.of(org, name, region, frameworks, context.getBean(RegionCatalog.class));
        ProvisionOutcome outcome = context.getBean(ProvisioningService.class).provision(request);
        String version = outcome.tenant().schemaVersion().orElse("-");
        if (outcome.action() == ProvisionOutcome.Action.ALREADY_ACTIVE) {
            out().printf("%s is already ACTIVE in %s (schema %s, version %s); nothing changed%n", org, region,
                    request.slug().schema(), version);
        } else {
            out().printf("provisioned %s in %s: schema %s at version %s, frameworks %s (%d ms)%n", org, region,
                    request.slug().schema(), version, String.join(",", request.frameworks()), outcome.elapsed().toMillis());
        }
        out().flush();
        return 0;
    }
}
