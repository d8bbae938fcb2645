package io.tenantfleet.fleet;

import java.util.List;
import java.util.Optional;

/**
 * A kind's table of runs in the control plane (e.g. {@code sync_run}), as the engine records a
 * run's outcome in it and {@link KindRuns} finds, closes and resumes its runs.
 */
public interface RunLedger<R extends FleetRun> {

    Optional<R> find(long runId);

    /** The run, which must exist (the caller got its id from the ledger). */
    R get(long runId);

    /** The newest run, if any. */
    Optional<R> latest();

    /** The runs recorded RUNNING, oldest first. */
    List<R> running();

    /** Records the run's status and why ({@code null}: no reason); any status but RUNNING finishes it now. */
    void setStatus(long runId, RunStatus status, String reason);
}
