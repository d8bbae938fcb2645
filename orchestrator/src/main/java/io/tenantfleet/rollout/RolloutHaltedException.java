package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;

/** A rollout stopped because a wave (or the canary) failed past its budget; migrated tenants stay migrated. */
public final class RolloutHaltedException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final long runId;

    public RolloutHaltedException(long runId, String reason) {
        super(ErrorCode.OPERATION_FAILED, "rollout " + runId + " halted: " + reason);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
