package io.tenantfleet.fleet;

/**
 * Where a fleet run (rollout, retention, sync, residency audit) stands, as its kind's ledger
 * records it. The SQL check constraints of the run tables list the same names.
 */
public enum RunStatus {
    /** A manager is running it (or died doing so: the next command finds the run lock free). */
    RUNNING,
    /** Every tenant is done, or failed within the failure budget. */
    COMPLETED,
    /** Tenants are left pending (a region down, a tenant busy); resume continues them. */
    INCOMPLETE,
    /** A wave failed past its budget (or the canary failed); resume retries and continues. */
    HALTED,
    /** Stopped by an unexpected failure or a process that died; resume continues it. */
    FAILED;

    /** True when resuming the run has nothing to do. */
    public boolean isFinished() {
        return this == COMPLETED;
    }

    /** True when the run needs no operator action: finished, or still running. */
    public boolean isSuccessful() {
        return this == COMPLETED || this == RUNNING;
    }
}
