package io.tenantfleet.tenant;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Mutual exclusion across orchestrator processes on the control plane: per tenant (provisioning)
 * and by name (one rollout at a time). A process that dies releases its locks with its connections,
 * so a killed run never blocks the next one.
 */
@Component
public class TenantLocks {

    private final DataSource controlPlane;

    public TenantLocks(@Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane) {
        this.controlPlane = controlPlane;
    }

    /** Takes the tenant's lock, or fails at once naming what holds it. */
    public AdvisoryLocks.Held acquire(TenantSlug slug, String purpose) {
        return tryAcquire("tenant:" + slug.value()).orElseThrow(() -> new OrchestratorException(ErrorCode.CONFLICT,
                "tenant " + slug + " is locked by another orchestrator run; wait for it to finish (see 'status'), then try "
                        + purpose + " again"));
    }

    /** Tenant locks taken together on one control-plane session; closing releases them. */
    public interface HeldTenants extends AutoCloseable {
        /** The slugs whose lock was free and is now held. */
        java.util.Set<String> held();

        @Override
        void close();
    }

    /** Takes, in one round trip, the locks of those tenants no other run holds (the ones {@link #acquire} takes). */
    public HeldTenants acquireFree(java.util.List<String> slugs) {
        try {
            java.sql.Connection connection = controlPlane.getConnection();
            java.util.Set<String> held = new java.util.HashSet<>();
            try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT s FROM unnest(?::text[]) s "
                    + "WHERE pg_try_advisory_lock(hashtextextended('tenant:' || s, 0))")) {
                statement.setArray(1, connection.createArrayOf("text", slugs.toArray()));
                try (java.sql.ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new HeldTenants() {
                @Override
                public java.util.Set<String> held() {
                    return held;
                }

                @Override
                public void close() {
                    try (connection; java.sql.Statement unlock = connection.createStatement()) {
                        unlock.execute("SELECT pg_advisory_unlock_all()");
                    } catch (SQLException e) {
                        // the pool discards a broken connection, its locks with it
                    }
                }
            };
        } catch (SQLException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot take tenant locks in the control plane: "
                    + e.getMessage(), e);
        }
    }

    /** Takes the named lock if no other session holds it. */
    public Optional<AdvisoryLocks.Held> tryAcquire(String name) {
        try {
            return AdvisoryLocks.tryHold(controlPlane.getConnection(), name);
        } catch (SQLException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot take lock " + name
                    + " in the control plane: " + e.getMessage(), e);
        }
    }
}
