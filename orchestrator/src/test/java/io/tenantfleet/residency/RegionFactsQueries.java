package io.tenantfleet.residency;

import io.tenantfleet.tenant.Tenant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries {@link RegionFacts} runs on a region, for the residency benchmark (another package),
 * which times them one by one: the texts themselves, not copies.
 */
public final class RegionFactsQueries {

    private RegionFactsQueries() {
    }

    /** {@code fleet.residency_tenant_checks(?, ?)}: tenant ids (uuid[]) and slugs (text[]), in a transaction. */
    public static String tenantChecks() {
        return RegionFacts.TENANT_CHECKS;
    }

    /** Tenants per call of {@code fleet.residency_tenant_checks}, a transaction each, as the report checks them. */
    public static int tenantChecksChunk() {
        return RegionFacts.CHUNK;
    }

    /** Every other query of a region's read, by name, each without parameters. */
    public static Map<String, String> others() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("server", RegionFacts.SERVER);
        queries.put("schemas", RegionFacts.SCHEMAS);
        queries.put("roles", RegionFacts.ROLES);
        queries.put("ledger", RegionFacts.LEDGER);
        queries.put("ledger_problems", RegionFacts.LEDGER_PROBLEMS);
        queries.put("metadata", RegionFacts.METADATA);
        queries.put("purges", RegionFacts.PURGES);
        return queries;
    }

    /**
     * The tenants' own checks as a report makes them ({@code RegionFacts.tenantChecks}: copied and
     * checked in Java where the login may, else the region function; a transaction per chunk), on
     * {@code connection} (auto-commit off); fails unless every tenant is present and clean.
     */
    public static void checkedAsReported(String region, Connection connection, List<Tenant> tenants) throws SQLException {
        Map<java.util.UUID, RegionFacts.TenantChecks> checks = RegionFacts.tenantChecks(connection, tenants);
        connection.commit();
        for (Tenant tenant : tenants) {
            RegionFacts.TenantChecks check = checks.get(tenant.id());
            if (check == null || !check.present() || check.problem().isPresent() || check.chainProblems().isPresent()) {
                throw new IllegalStateException(region + ": tenant " + tenant.slug() + " not checked clean: " + check);
            }
        }
    }

    /** How many of {@code tenants} the report's copy reader takes (it leaves the others to the function). */
    public static int copied(Connection connection, List<Tenant> tenants) throws SQLException {
        return TenantChecksByCopy.usable(connection)
                ? TenantChecksByCopy.read(connection, tenants, TenantChecksByCopy.MAX_AUDIT_ROWS).size() : 0;
    }
}
