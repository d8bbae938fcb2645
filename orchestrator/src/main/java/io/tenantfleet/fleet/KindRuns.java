package io.tenantfleet.fleet;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.tenant.TenantLocks;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The runs of one kind, one at a time across every orchestrator process: the kind's control-plane
 * advisory lock (named after the kind) and its refusal listing the runs recorded RUNNING; runs a
 * process that died left RUNNING, closed as FAILED with the {@code <kind> resume RUN} that
 * continues them; finding a run and resuming it.
 */
public final class KindRuns<R extends FleetRun> {

    private final TenantLocks locks;
    private final FleetRuns fleet;
    private final FleetWork work;
    private final RunLedger<R> ledger;
    private final String command;

    /**
     * @param command the command that starts a run, e.g. {@code retention run}: the refusal says
     *                "another {@code command} is running", a missing first run points to its {@code --dry-run}
     */
    public KindRuns(TenantLocks locks, FleetRuns fleet, FleetWork work, RunLedger<R> ledger, String command) {
        this.locks = locks;
        this.fleet = fleet;
        this.work = work;
        this.ledger = ledger;
        this.command = command;
    }

    /** The run, or the latest one; fails naming where to look when there is none. */
    public R find(Optional<Long> runId) {
        Optional<R> run = runId.isPresent() ? ledger.find(runId.get()) : ledger.latest();
        return run.orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT, runId.isPresent()
                ? "no " + work.kind() + " run " + runId.get() + "; see '" + work.kind() + " status' for the latest run"
                : "no " + work.kind() + " run yet; see '" + command + " --dry-run'"));
    }

    /** Takes the kind's lock, or fails at once naming the runs recorded RUNNING. */
    public AdvisoryLocks.Held lockOrRefuse() {
        return locks.tryAcquire(work.kind()).orElseThrow(() -> new OrchestratorException(ErrorCode.CONFLICT,
                "another " + command + " is running: " + ledger.running().stream().map(r -> "run " + r.id() + " (started "
                        + r.createdAt().withNano(0) + " by " + r.owner() + ")").collect(Collectors.joining(", "))
                        + "; wait for it to finish or check '" + work.kind() + " status'"));
    }

    /** Runs still RUNNING while this process holds the lock belong to a process that died. */
    public void closeInterrupted() {
        for (R stale : ledger.running()) {
            ledger.setStatus(stale.id(), RunStatus.FAILED, "interrupted: the orchestrator running it stopped; "
                    + "'" + work.kind() + " resume " + stale.id() + "' continues it");
        }
    }

    /**
     * Continues an unfinished run under the lock: closes interrupted runs, lets the kind prepare
     * (e.g. reset its region guards), marks the run RUNNING and restarts its job. A completed run is
     * returned as it is.
     */
    public R resume(long runId, Workers workers, Consumer<R> prepare) {
        R run = find(Optional.of(runId));
        try (AdvisoryLocks.Held lock = lockOrRefuse()) {
            if (run.status().isFinished()) {
                return run;
            }
            closeInterrupted();
            prepare.accept(run);
            ledger.setStatus(runId, RunStatus.RUNNING, null);
            fleet.resume(work, runId, workers);
            return ledger.get(runId);
        }
    }

    /**
     * This process as the owner of a run it starts: {@code host (pid N)}. Not the JVM's {@code pid@host},
     * which has the shape of an e-mail address when the host name is a domain name, and would look like
     * personal data to the residency report's scan of the control plane.
     */
    public static String owner() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(at + 1) + " (pid " + name.substring(0, at) + ")";
    }
}
