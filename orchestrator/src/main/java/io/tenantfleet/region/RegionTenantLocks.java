package io.tenantfleet.region;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /** A held lock; closing it releases the lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final RegionConnections connections;

    public RegionTenantLocks(RegionConnections connections) {
        this.connections = connections;
    }

    /**
     * Takes the tenant's lock in its region; empty when the region cannot be reached (the work that
     * follows fails there and records why). Refuses when a rollout holds the lock.
     */
    public Optional<Held> acquire(String region, String slug) {
        Connection connection;
        try {
            connection = connections.dataSource(region).getConnection();
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_lock(hashtextextended('tenant:' || ?, 0))")) {
            statement.setString(1, slug);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    close(connection);
                    throw new OrchestratorException(ErrorCode.CONFLICT, "tenant " + slug + " is locked in region " + region
                            + " by a rollout migrating it; wait for the rollout to finish (see 'rollout status')");
                }
            }
            return Optional.of(() -> release(connection, slug));
        } catch (SQLException e) {
            close(connection);
            return Optional.empty();
        }
    }

    private static void release(Connection connection, String slug) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtextextended('tenant:' || ?, 0))")) {
            statement.setString(1, slug);
            statement.execute();
        } catch (SQLException e) {
            // closing the connection below releases the lock as well
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
