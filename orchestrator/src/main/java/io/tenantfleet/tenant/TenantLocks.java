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
