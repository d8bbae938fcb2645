package io.tenantfleet.residency;

import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.catalog.DatabaseSpec;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.catalog.Tier;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.retention.CategoryPolicy;
import io.tenantfleet.retention.RetentionPolicy;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a region's server said ({@link RegionFacts}) and what the control plane registers into
 * findings, rule by rule, each with its evidence: the query that showed it and what it returned.
 */
final class RegionFindings {

    /** How often a tenant's data must be purged at least: {@code retention run} is expected monthly. */
    static final Duration PURGE_INTERVAL = Duration.ofDays(30);
    private static final Pattern TENANT_ROLE = Pattern.compile("^org_([a-z][a-z0-9_]{2,39})_(owner|app|ro|login_[0-9]+)$");

    private final RegionCatalog catalog;
    private final Region region;
    private final RegionFacts facts;
    private final Instant checkedAt;
    private final List<Finding> findings = new ArrayList<>();

    private RegionFindings(RegionCatalog catalog, Region region, RegionFacts facts, Instant checkedAt) {
        this.catalog = catalog;
        this.region = region;
        this.facts = facts;
        this.checkedAt = checkedAt;
    }

    /**
     * @param registered every tenant of the control plane, by slug, whatever its region and status
     */
    static List<Finding> of(RegionCatalog catalog, Region region, RegionFacts facts, Map<String, Tenant> registered,
            Instant checkedAt) {
        RegionFindings found = new RegionFindings(catalog, region, facts, checkedAt);
        found.schemas(registered);
        found.roles(registered);
        found.tenants(registered);
        found.metadata();
        found.ledger();
        found.tls();
        return found.findings;
    }

    private void add(ResidencyRule rule, String subject, String summary, String object, String query, String returned) {
        findings.add(new Finding(rule.id(), region.id(), subject, summary, new Evidence(facts.server(), object, query,
                returned, checkedAt, catalog.digest())));
    }

    private void schemas(Map<String, Tenant> registered) {
        for (String schema : facts.schemas()) {
            Tenant tenant = registered.get(schema.substring("org_".length()));
            if (tenant == null) {
                add(ResidencyRule.UNREGISTERED_OBJECT, schema, "schema " + schema + " belongs to no registered organization",
                        "schema " + schema, RegionFacts.SCHEMAS, schema);
            } else if (!tenant.homeRegion().equals(region.id())) {
                add(ResidencyRule.FOREIGN_SCHEMA, schema, "schema " + schema + " of " + tenant.slug() + " (home "
                        + tenant.homeRegion() + ") is on " + region.id() + "'s server", "schema " + schema,
                        RegionFacts.SCHEMAS, schema + " (control plane: home region " + tenant.homeRegion() + ")");
            }
        }
    }

    private void roles(Map<String, Tenant> registered) {
        for (String role : facts.roles()) {
            Matcher matcher = TENANT_ROLE.matcher(role);
            String slug = matcher.matches() ? matcher.group(1) : role.substring("org_".length());
            if (!registered.containsKey(slug)) {
                add(ResidencyRule.UNREGISTERED_OBJECT, role, "role " + role + " belongs to no registered organization",
                        "role " + role, RegionFacts.ROLES, role);
            }
        }
    }

    private void tenants(Map<String, Tenant> registered) {
        Set<String> schemas = Set.copyOf(facts.schemas());
        for (Tenant tenant : registered.values()) {
            if (!tenant.homeRegion().equals(region.id()) || tenant.status() != TenantStatus.ACTIVE) {
                continue;
            }
            String schema = "org_" + tenant.slug();
            RegionFacts.TenantChecks checks = facts.tenants().get(tenant.id());
            if (!schemas.contains(schema) || checks == null || !checks.present()) {
                add(ResidencyRule.MISSING_SCHEMA, schema, "ACTIVE tenant " + tenant.slug() + " has no schema " + schema
                        + " on its home region's server", "schema " + schema, RegionFacts.SCHEMAS,
                        "no row " + schema + " (control plane: " + tenant.slug() + " ACTIVE, home " + region.id() + ")");
                continue;
            }
            if (checks.problem().isPresent()) {
                add(ResidencyRule.MISSING_SCHEMA, schema, "the schema " + schema + " of " + tenant.slug()
                        + " is there but could not be checked as its owner", "schema " + schema,
                        RegionFacts.TENANT_CHECKS, OneLine.of(checks.problem().get()));
                continue;
            }
            checks.chainProblems().ifPresent(problems -> add(ResidencyRule.CHAIN_BROKEN, schema + ".audit_log",
                    "the audit log of " + tenant.slug() + " does not verify", "table " + schema + ".audit_log",
                    RegionFacts.TENANT_CHECKS + " -- " + schema + ".verify_audit_chain()",
                    problems + " (" + checks.auditRows() + " rows)"));
            retention(tenant, schema, checks);
            purge(tenant, schema);
        }
    }

    private void retention(Tenant tenant, String schema, RegionFacts.TenantChecks checks) {
        RetentionPolicy rules = RetentionPolicy.of(region, tenant.frameworks(), catalog);
        for (Map.Entry<String, Integer> stored : checks.retention().entrySet()) {
            Optional<DataCategory> category = java.util.Arrays.stream(DataCategory.values())
                    .filter(c -> c.key().equals(stored.getKey())).findFirst();
            if (category.isEmpty()) {
                continue;
            }
            CategoryPolicy limits = rules.category(category.get());
            if (limits.maximum().isPresent() && stored.getValue() > limits.maximum().get().days()) {
                add(ResidencyRule.RETENTION_OVER_LIMIT, schema + ".retention_policy " + stored.getKey(), tenant.slug()
                        + " keeps " + stored.getKey() + " " + stored.getValue() + " days, over the maximum of "
                        + limits.maximum().get().days() + " set by " + limits.maximum().get().setBy(),
                        "table " + schema + ".retention_policy", RegionFacts.TENANT_CHECKS,
                        stored.getKey() + " = " + stored.getValue() + " days");
            }
        }
    }

    private void purge(Tenant tenant, String schema) {
        Instant due = checkedAt.minus(PURGE_INTERVAL);
        Optional<Instant> last = Optional.ofNullable(facts.lastPurges().get(tenant.id())).map(t -> t.toInstant());
        if (last.map(t -> t.isBefore(due)).orElse(tenant.createdAt().toInstant().isBefore(due))) {
            boolean oldTemplate = tenant.schemaVersion().map(v -> v.matches("[12](\\..*)?")).orElse(false);
            add(ResidencyRule.PURGE_OVERDUE, schema, "no retention purge of " + tenant.slug() + " for more than "
                    + PURGE_INTERVAL.toDays() + " days" + (oldTemplate ? " (its schema is at template version "
                    + tenant.schemaVersion().get() + ", which retention cannot purge: run 'rollout apply' first)"
                    : "; run 'retention run'"), "ledger fleet.residency_ledger", RegionFacts.PURGES,
                    last.map(t -> "last RETENTION_PURGE " + t).orElse("no RETENTION_PURGE entry; tenant registered "
                            + tenant.createdAt().toInstant()));
        }
    }

    private void metadata() {
        for (RegionFacts.MetadataProblem problem : facts.metadata()) {
            String row = problem.source() + " " + problem.dataType() + (problem.pseudonym().equals("-") ? ""
                    : " " + problem.pseudonym().substring(0, Math.min(12, problem.pseudonym().length())));
            add(ResidencyRule.PERSONAL_DATA_SHARED, "fleet.cross_region_metadata " + row + " key " + problem.key(),
                    "cross-region metadata from " + problem.source() + " holds " + problem.problem() + " under key "
                            + problem.key(), "table fleet.cross_region_metadata", RegionFacts.METADATA,
                    problem.problem() + " (the value is not copied into this report)");
        }
    }

    private void ledger() {
        if (!facts.ledgerProblems().isEmpty()) {
            add(ResidencyRule.CHAIN_BROKEN, "fleet.residency_ledger", "the residency ledger of " + region.id()
                    + " does not verify", "table fleet.residency_ledger", RegionFacts.LEDGER_PROBLEMS,
                    String.join("; ", facts.ledgerProblems()));
        }
    }

    private void tls() {
        if (region.tier() != Tier.PROD) {
            return;
        }
        String mode = region.database() instanceof DatabaseSpec.Jdbc jdbc ? jdbc.effectiveTlsMode() : "disable";
        if (!facts.ssl()) {
            add(ResidencyRule.TLS_NOT_VERIFIED, "connection", "the server reports this session as not encrypted",
                    "session " + region.id(), RegionFacts.SERVER, "ssl = false (catalog sslmode " + mode + ")");
        } else if (!mode.equals("verify-full")) {
            add(ResidencyRule.TLS_NOT_VERIFIED, "connection", "the session is encrypted but the server's certificate is "
                    + "not verified (sslmode " + mode + ", verify-full required)", "session " + region.id(),
                    RegionFacts.SERVER, "ssl = true, " + facts.tlsVersion().orElse("?") + " (catalog sslmode " + mode + ")");
        }
    }
}
