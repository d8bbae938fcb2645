package io.tenantfleet.residency;

import java.util.LinkedHashMap;
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
}
