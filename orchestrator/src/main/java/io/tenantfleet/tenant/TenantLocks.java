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
        try {
            Connection connection = controlPlane.getConnection();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtextextended('tenant:' || ?, 0))")) {
                statement.setString(1, slug.value());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        connection.close();
                        throw new OrchestratorException(ErrorCode.CONFLICT, "tenant " + slug + " is locked by another "
                                + "orchestrator run; wait for it to finish (see 'status'), then try " + purpose + " again");
                    }
                }
            }
            return () -> release(connection, slug);
        } catch (SQLException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot lock tenant " + slug
                    + " in the control plane: " + e.getMessage(), e);
        }
    }

    private static void release(Connection connection, TenantSlug slug) {
        try (connection; PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtextextended('tenant:' || ?, 0))")) {
            statement.setString(1, slug.value());
            statement.execute();
        } catch (SQLException e) {
            // closing the connection releases the lock as well
        }
    }
}
