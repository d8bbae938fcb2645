package io.tenantfleet.region;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The per-tenant advisory lock in the tenant's home region: the same lock a rollout takes for the
 * transaction that migrates the tenant ({@code fleet.migrate_tenant}), held here on a connection
 * of its own for as long as provisioning works on the tenant.
 */
@Component
public class RegionTenantLocks {

    private final RegionConnections connections;

    public RegionTenantLocks(RegionConnections connections) {
        this.connections = connections;
    }

    /**
     * Takes the tenant's lock in its region; empty when the region cannot be reached (the work that
     * follows fails there and records why). Refuses when a rollout holds the lock, and when the
     * server refuses the connection itself (TLS mode, credentials, database): that is the catalog's
     * or the server's setup to fix, before any tenant is recorded.
     */
    public Optional<AdvisoryLocks.Held> acquire(String region, String slug) {
        Optional<AdvisoryLocks.Held> held;
        try {
            Connection connection = connections.dataSource(region).getConnection();
            held = AdvisoryLocks.tryHold(connection, "tenant:" + slug);
        } catch (SQLException | RuntimeException e) {
            RegionUnavailableException unavailable = new RegionUnavailableException(region,
                    RegionUnavailableException.rootMessage(e), e);
            if (unavailable.isPermanent()) {
                throw unavailable;
            }
            return Optional.empty();
        }
        if (held.isEmpty()) {
            throw new OrchestratorException(ErrorCode.CONFLICT, "tenant " + slug + " is locked in region " + region
                    + " by a rollout migrating it; wait for the rollout to finish (see 'rollout status')");
        }
        return held;
    }
}
