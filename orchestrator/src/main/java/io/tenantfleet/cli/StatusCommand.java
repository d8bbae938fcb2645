package io.tenantfleet.cli;

import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: the tenant registry as a table. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists tenants with their home region, status, schema version and, for FAILED ones, the reason.")
final class StatusCommand extends ContextCommand {

    @Option(names = "--region", paramLabel = "ID", description = "Only tenants of this region.")
    String region;

    @Override
    int run(ConfigurableApplicationContext context) {
        if (region != null) {
            context.getBean(io.tenantfleet.catalog.RegionCatalog.class).region(region);
        }
        List<Tenant> tenants = context.getBean(TenantRegistry.class).list(Optional.ofNullable(region));
        Table table = new Table("ORG", "REGION", "STATUS", "VERSION", "ATTEMPTS", "UPDATED", "REASON");
        for (Tenant tenant : tenants) {
            table.row(tenant.slug(), tenant.homeRegion(), tenant.status(), tenant.schemaVersion().orElse("-"),
                    tenant.attempts(), tenant.updatedAt().withNano(0).toInstant(), tenant.failureReason().orElse(""));
        }
        table.print(out());
        out().println(tenants.size() + " tenant(s)" + (region == null ? "" : " in " + region));
        out().flush();
        return 0;
    }
}
