package io.tenantfleet.cli;

import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.rollout.RolloutLedger;
import io.tenantfleet.rollout.RolloutTenant;
import io.tenantfleet.rollout.TenantStatusJson;
import io.tenantfleet.text.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the tenant registry as a table. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Lists every tenant across all regions: home region, status, schema version, its line in the latest",
                "rollout (state, duration) and the last error, from provisioning or from a rollout."})
final class StatusCommand extends ContextCommand {

    @Option(names = "--region", paramLabel = "ID", description = "Only tenants of this region.")
    String region;

    @Mixin
    OutputOption output;

    @Override
    int run(ConfigurableApplicationContext context) {
        if (region != null) {
            context.getBean(io.tenantfleet.catalog.RegionCatalog.class).region(region);
        }
        List<Tenant> tenants = context.getBean(TenantRegistry.class).list(Optional.ofNullable(region));
        Map<UUID, RolloutTenant> rollouts = context.getBean(RolloutLedger.class).latestPerTenant();
        if (output.json()) {
            JsonOutput.print(out(), TenantStatusJson.document(Optional.ofNullable(region), tenants, rollouts));
            return 0;
        }
        Table table = new Table("ORG", "REGION", "STATUS", "VERSION", "ATTEMPTS", "UPDATED", "LAST ROLLOUT", "MS", "REASON");
        for (Tenant tenant : tenants) {
            RolloutTenant rollout = rollouts.get(tenant.id());
            String reason = tenant.failureReason().orElse(rollout == null ? "" : rollout.lastError().orElse(""));
            table.row(tenant.slug(), tenant.homeRegion(), tenant.status(), tenant.schemaVersion().orElse("-"),
                    tenant.attempts(), tenant.updatedAt().withNano(0).toInstant(),
                    rollout == null ? "-" : "run " + rollout.runId() + " " + rollout.state() + " (v" + rollout.toVersion() + ")",
                    rollout == null ? "-" : rollout.durationMs().map(String::valueOf).orElse("-"), reason);
        }
        table.print(out());
        out().println(tenants.size() + " tenant(s)" + (region == null ? "" : " in " + region));
        out().flush();
        return 0;
    }
}
