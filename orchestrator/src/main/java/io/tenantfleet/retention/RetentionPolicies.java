package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantLocks;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Tenants' effective retention policies: the rules of the catalog (region and frameworks) with the
 * overrides stored in each tenant's {@code retention_policy} table, read as the tenant's owner
 * acting for its organization. {@link #set} writes an override within the rules, with its
 * residency-ledger entry, under the tenant's lock.
 */
@Service
public class RetentionPolicies {

    /** The tenant template version that has every category and {@code set_by} (sql/tenant V3). */
    public static final int TEMPLATE_VERSION = 3;

    private final RegionCatalog catalog;
    private final RegionGuard guard;
    private final RegionConnections connections;
    private final TenantRegistry registry;
    private final TenantLocks locks;
    private final Clock clock;

    RetentionPolicies(RegionCatalog catalog, RegionGuard guard, RegionConnections connections, TenantRegistry registry,
            TenantLocks locks) {
        this.catalog = catalog;
        this.guard = guard;
        this.connections = connections;
        this.registry = registry;
        this.locks = locks;
        this.clock = Clock.systemUTC();
    }

    /** What the catalog's rules give the tenant, without its stored overrides. */
    public RetentionPolicy rules(Tenant tenant) {
        return RetentionPolicy.of(catalog.region(tenant.homeRegion()), tenant.frameworks(), catalog);
    }

    /** The tenant's effective policy, read in a read-only transaction of its home region. */
    public RetentionPolicy effective(Tenant tenant) {
        requireTemplate(tenant);
        return guard.read(tenant.homeRegion(), connection -> effective(connection, tenant));
    }

    /**
     * The tenant's effective policy, read on {@code connection} inside the caller's transaction (one
     * is opened and committed when the connection is in auto-commit). The role is reset afterwards;
     * {@code app.current_org_id} stays set to the tenant for the rest of the transaction.
     */
    public RetentionPolicy effective(Connection connection, Tenant tenant) throws SQLException {
        if (connection.getAutoCommit()) {
            return RegionGuard.inTransaction(connection, c -> effective(c, tenant));
        }
        TenantSlug slug = new TenantSlug(tenant.slug());
        TenantSession.actAsOwner(connection, slug, tenant.id());
        List<StoredRetention> stored = RetentionPolicyRows.read(connection, slug);
        TenantSession.resetRole(connection);
        return rules(tenant).with(stored);
    }

    /** An organization the registry knows and has provisioned: ACTIVE, at a template with retention by category. */
    public Tenant tenant(TenantSlug slug) {
        Tenant tenant = registry.find(slug.value()).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "unknown organization '" + slug + "'; see 'status' for the organizations there are"));
        if (tenant.status() != TenantStatus.ACTIVE) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization " + slug + " is " + tenant.status()
                    + " in " + tenant.homeRegion() + "; provision it until it is ACTIVE (see 'status')");
        }
        return tenant;
    }

    /**
     * Sets the retention of one category of the tenant's data to {@code days}, or refuses (bad input,
     * nothing changed) when the rules do not allow it: under a minimum, over a maximum, or longer
     * than the rules' retention where no maximum applies. {@code actor} is recorded in the tenant's
     * row only, never in the ledger.
     */
    public RetentionPolicy set(TenantSlug slug, DataCategory category, int days, String actor) {
        Tenant tenant = tenant(slug);
        requireTemplate(tenant);
        CategoryPolicy limits = rules(tenant).category(category);
        limits.refusal(days).ifPresent(reason -> {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "retention of " + category.key() + " for " + slug
                    + " not changed: " + reason);
        });
        String region = tenant.homeRegion();
        connections.checkSecrets(region);
        String setBy = StoredRetention.OVERRIDE + "retention set " + LocalDate.now(clock) + " by " + actor;
        CategoryPolicy chosen = new CategoryPolicy(category, new RetentionFigure(days, setBy), limits.minimum(),
                limits.maximum());
        try (AdvisoryLocks.Held lock = locks.acquire(slug, "retention set")) {
            return guard.inTransaction(region, connection -> {
                RetentionPolicy before = effective(connection, tenant);
                ResidencyLedger.append(connection, region, "RETENTION_POLICY_SET", tenant.id(), slug.value(), slug.schema(),
                        ledgerDetail(before.category(category), limits, chosen));
                TenantSession.actAsOwner(connection, slug, tenant.id());
                RetentionPolicyRows.write(connection, slug, tenant.id(), tenant.frameworks(), chosen);
                TenantSession.resetRole(connection);
                return effective(connection, tenant);
            });
        }
    }

    /** Figures and rule names only: the actor in {@code set_by} stays in the tenant's row. */
    private static Map<String, String> ledgerDetail(CategoryPolicy before, CategoryPolicy limits, CategoryPolicy chosen) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("category", chosen.category().key());
        detail.put("retention_days", String.valueOf(chosen.days()));
        detail.put("previous_days", String.valueOf(before.days()));
        detail.put("minimum_days", String.valueOf(chosen.minDays()));
        detail.put("maximum_days", chosen.maxDays().isPresent() ? String.valueOf(chosen.maxDays().getAsInt()) : "none");
        detail.put("limit_set_by", limits.maximum().orElse(limits.retention()).setBy());
        return detail;
    }

    private static void requireTemplate(Tenant tenant) {
        int version = tenant.schemaVersion().map(RetentionPolicies::major).orElse(0);
        if (version < TEMPLATE_VERSION) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization " + tenant.slug() + " is at template "
                    + "version " + tenant.schemaVersion().orElse("none") + "; retention by category needs version "
                    + TEMPLATE_VERSION + ": run 'rollout apply' first");
        }
    }

    static int major(String version) {
        String digits = version.replaceFirst("[^0-9].*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
