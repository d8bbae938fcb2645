package io.tenantfleet.catalog;

/**
 * The documented defaults that fill the minimal catalog form
 * ({@code regions: <id>: {host, compliance, retention_days}}).
 */
final class CatalogDefaults {

    /** Database name on a region server given only by host. */
    static final String DATABASE_NAME = "tenant_fleet";
    /** Login the orchestrator uses on a region server given only by host. */
    static final String USER = "tenant_fleet";
    /** Personal-data retention when neither the region nor its jurisdictions say. */
    static final int RETENTION_DAYS = 365;
    /** The bundled jurisdiction rules every catalog starts from. */
    static final String JURISDICTIONS_RESOURCE = "region-config/jurisdictions.yml";

    /** The metadata sync suppresses counts below this unless the catalog's {@code sync.k_threshold} says otherwise. */
    static final int K_THRESHOLD = 5;
    /** The lowest {@code sync.k_threshold} a catalog may set. */
    static final int MIN_K_THRESHOLD = 2;

    private CatalogDefaults() {
    }
}
