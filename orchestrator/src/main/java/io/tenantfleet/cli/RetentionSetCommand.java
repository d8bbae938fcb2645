package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.retention.CategoryPolicy;
import io.tenantfleet.retention.RetentionPolicies;
import io.tenantfleet.retention.RetentionPolicy;
import io.tenantfleet.tenant.TenantSlug;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code retention set}: an organization's retention of one data category, within its rules. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Sets how long one category of an organization's data is kept. Refused, with the rule that",
                "forbids it, when over a legal maximum, under an audit minimum, or (where no maximum applies) longer",
                "than the rules give. Recorded in the tenant's retention_policy (set_by) and the region's ledger."})
final class RetentionSetCommand extends ContextCommand {

    static final int MAX_DAYS = 36_500;

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme_health.")
    String org;

    @Option(names = "--category", required = true, paramLabel = "C",
            description = "personal_data, business_records, credentials or audit_records.")
    String category;

    @Option(names = "--days", required = true, paramLabel = "N", description = "Days to keep data of the category.")
    int days;

    @Override
    void validateBeforeStart() {
        new TenantSlug(org);
        category();
        if (days < 0 || days > MAX_DAYS) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --days " + days + "; give 0 to " + MAX_DAYS
                    + " days");
        }
    }

    private DataCategory category() {
        return DataCategory.find(category).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "unknown --category '" + category + "'; use one of " + DataCategory.keys()));
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        RetentionPolicy policy = context.getBean(RetentionPolicies.class).set(new TenantSlug(org), category(), days,
                actor());
        CategoryPolicy set = policy.category(category());
        out().printf("%s %s: %d days (%s); minimum %d, maximum %s%n", org, set.category().key(), set.days(), set.setBy(),
                set.minDays(), set.maximum().map(max -> max.days() + " (" + max.setBy() + ")").orElse("none"));
        out().flush();
        return 0;
    }

    /** Who ran the command, as the operating system names them: kept in the tenant's row, never in the ledger. */
    static String actor() {
        String user = System.getProperty("user.name", "");
        String safe = user.replaceAll("[^A-Za-z0-9._@-]", "");
        return safe.isEmpty() ? "unknown" : safe.substring(0, Math.min(safe.length(), 64));
    }
}
