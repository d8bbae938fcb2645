package io.tenantfleet.residency;

import java.util.List;
import java.util.Optional;

/**
 * How one region was checked.
 *
 * @param status        {@code checked}, or {@code unknown} when it could not be reached (never compliant)
 * @param server        the server as it reports itself ({@code host:port/database, PostgreSQL 17.x}), or the catalog's URL host when unknown
 * @param ledgerHead    the hex hash of its residency ledger's latest entry when checked (before the report was recorded)
 * @param ledgerEntries the number of ledger entries at that point
 * @param tenants       tenants homed there in the control plane (ACTIVE)
 * @param schemas       {@code org_*} schemas found on its server
 * @param rules         the ids of the rules run there
 * @param error         why it could not be checked
 */
public record RegionCheck(String region, String status, String server, Optional<String> ledgerHead, long ledgerEntries,
        int tenants, int schemas, List<String> rules, Optional<String> error) {

    public static final String CHECKED = "checked";
    public static final String UNKNOWN = "unknown";

    public RegionCheck {
        rules = List.copyOf(rules);
    }
}
