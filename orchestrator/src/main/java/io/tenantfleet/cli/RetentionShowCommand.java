package io.tenantfleet.cli;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.retention.CategoryPolicy;
import io.tenantfleet.retention.RetentionFigure;
import io.tenantfleet.retention.RetentionPolicies;
import io.tenantfleet.retention.RetentionPolicy;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code retention show}: the effective retention policy of one or every tenant. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints the effective retention of one organization (--org) or of every active one: per data",
                "category the days kept, the minimum and the maximum, each with the rule that set it. Reads only."})
final class RetentionShowCommand extends ContextCommand {

    @Option(names = "--org", paramLabel = "SLUG", description = "Only this organization, e.g. acme_health.")
    String org;

    @Mixin
    OutputOption output;

    @Override
    void validateBeforeStart() {
        if (org != null) {
            new TenantSlug(org);
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        RetentionPolicies policies = context.getBean(RetentionPolicies.class);
        List<Tenant> tenants = org != null ? List.of(policies.tenant(new TenantSlug(org)))
                : context.getBean(TenantRegistry.class).list(Optional.empty()).stream()
                        .filter(tenant -> tenant.status() == TenantStatus.ACTIVE).toList();
        Map<Tenant, RetentionPolicy> shown = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Tenant tenant : tenants) {
            try {
                shown.put(tenant, policies.effective(tenant));
            } catch (OrchestratorException e) {
                if (org != null) {
                    throw e;
                }
                // one region down or one tenant behind does not hide the others
                errors.add(tenant.slug() + ": " + e.getMessage());
            }
        }
        if (output.json()) {
            printJson(out(), shown, errors);
        } else {
            printText(out(), shown);
            errors.forEach(error -> spec.commandLine().getErr().println("error: " + error));
            spec.commandLine().getErr().flush();
        }
        return errors.isEmpty() ? 0 : ErrorReporter.FAILED;
    }

    private static void printText(PrintWriter out, Map<Tenant, RetentionPolicy> shown) {
        Table table = new Table("ORG", "REGION", "CATEGORY", "DAYS", "SET BY", "MIN", "MIN SET BY", "MAX", "MAX SET BY");
        shown.forEach((tenant, policy) -> {
            for (CategoryPolicy category : policy.categories().values()) {
                table.row(tenant.slug(), policy.region(), category.category().key(), category.days(), category.setBy(),
                        days(category.minimum()), setBy(category.minimum()).orElse("-"), days(category.maximum()),
                        setBy(category.maximum()).orElse("-"));
            }
        });
        table.print(out);
        out.println(shown.size() + " organization(s)");
        out.flush();
    }

    private static void printJson(PrintWriter out, Map<Tenant, RetentionPolicy> shown, List<String> errors) {
        List<Map<String, Object>> tenants = new ArrayList<>();
        shown.forEach((tenant, policy) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("org", tenant.slug());
            entry.put("region", policy.region());
            entry.put("frameworks", policy.frameworks());
            entry.put("categories", policy.categories().keySet().stream().map(key -> json(key, policy.category(key)))
                    .toList());
            tenants.add(entry);
        });
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "tenant-fleet/retention-policies/1");
        document.put("tenants", tenants);
        document.put("errors", errors);
        JsonOutput.print(out, document);
    }

    private static Map<String, Object> json(DataCategory key, CategoryPolicy category) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("category", key.key());
        entry.put("days", category.days());
        entry.put("set_by", category.setBy());
        entry.put("min_days", category.minimum().map(RetentionFigure::days).orElse(null));
        entry.put("min_set_by", setBy(category.minimum()).orElse(null));
        entry.put("max_days", category.maximum().map(RetentionFigure::days).orElse(null));
        entry.put("max_set_by", setBy(category.maximum()).orElse(null));
        return entry;
    }

    private static String days(Optional<RetentionFigure> figure) {
        return figure.map(f -> String.valueOf(f.days())).orElse("-");
    }

    private static Optional<String> setBy(Optional<RetentionFigure> figure) {
        return figure.map(RetentionFigure::setBy);
    }
}
