package io.tenantfleet.rollout;

import io.tenantfleet.catalog.Region;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One region's part of a rollout plan.
 *
 * @param server      the server that will be touched (JDBC URL, or "embedded")
 * @param unreachable why the region could not be read, when it could not; its tenants are not planned
 * @param refused     whether the server refused the connection itself (TLS, credentials, database): a
 *                    catalog or server setup to fix, not an outage to wait out
 * @param tenants     ACTIVE tenants the registry lists for the region
 * @param versions    tenants per current schema version
 * @param pending     tenants that need migrations, with their waves
 * @param notes       tenants left out and why (schema missing, ahead of target, failed history)
 */
public record RegionPlan(Region region, String server, Optional<String> unreachable, boolean refused, int tenants,
        Map<String, Integer> versions, List<PlannedTenant> pending, List<String> notes) {

    public RegionPlan {
        versions = Map.copyOf(versions);
        pending = List.copyOf(pending);
        notes = List.copyOf(notes);
    }
}
