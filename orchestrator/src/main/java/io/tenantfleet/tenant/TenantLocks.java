package io.tenantfleet.tenant;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Per-tenant mutual exclusion across orchestrator processes: a session-level PostgreSQL advisory
 * lock on the control plane, held on its own connection until closed. A process that dies
 * releases it with its connection, so a killed run never blocks the next one.
 */
@Component
public class TenantLocks {

    private final DataSource controlPlane;

    public TenantLocks(@Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane) {
        this.controlPlane = controlPlane;
    }

    /** A held lock on the tenant; close it to release. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the tenant's lock, or fails at once naming what holds it. */
    public Held acquire(TenantSlug slug, String purpose) {
        return tryAcquire("tenant:" + slug.value()).orElseThrow(() -> new OrchestratorException(ErrorCode.CONFLICT,
                "tenant " + slug + " is locked by another orchestrator run; wait for it to finish (see 'status'), then try "
                        + purpose + " again"));
    }

    /** Takes the named lock if no other session holds it. */
    public java.util.Optional<Held> tryAcquire(String name) {
        try {
            Connection connection = controlPlane.getConnection();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                statement.setString(1, name);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        connection.close();
                        return java.util.Optional.empty();
                    }
                }
            }
            return java.util.Optional.of(() -> release(connection, name));
        } catch (SQLException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot take lock " + name
                    + " in the control plane: " + e.getMessage(), e);
        }
    }

    private static void release(Connection connection, String name) {
        try (connection; PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            statement.setString(1, name);
            statement.execute();
        } catch (SQLException e) {
            // closing the connection releases the lock as well
        }
    }
}
