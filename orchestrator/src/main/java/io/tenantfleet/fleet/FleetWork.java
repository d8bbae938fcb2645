package io.tenantfleet.fleet;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.batch.core.BatchStatus;

/**
 * What a kind of fleet job (rollout, retention, sync, residency audit) does, for the engine that
 * runs it: the engine owns waves, partitions, local or remote execution, budgets between waves,
 * restart and crash recovery, and how a run ends (completed, incomplete, failed); the kind owns its
 * plan, its per-tenant ledger (which records that end, in the kind's words) and the region work.
 * Implementations are Spring beans; workers in other processes find them by {@link #kind()}.
 */
public interface FleetWork {

    /** The job kind, e.g. {@code rollout}; it names the job, its wave steps and its partitions. */
    String kind();

    /** The waves, regions and lanes of a run; the same answer every time for one run. */
    FleetLayout layout(long runId);

    /**
     * Does one partition's work, recording each tenant's outcome in the kind's ledger as it goes.
     * Throws {@link PartitionIncompleteException} when some of its tenants are not done.
     */
    void run(FleetPartition partition);

    /** After a wave, with what the ledger says of it: go on, or halt the run (recording why). */
    WaveVerdict afterWave(long runId, int wave, long millis);

    /** True when every tenant of the run is done. */
    default boolean finished(long runId) {
        return left(runId) == 0;
    }

    /**
     * After the job stopped, whatever the reason: records the run's outcome in the kind's ledger,
     * the same way for every kind. A run no longer RUNNING (halted) keeps its status; a job failure
     * makes it FAILED, tenants left make it INCOMPLETE, else it is COMPLETED. Each unfinished outcome
     * names the {@code <kind> resume RUN} that continues it.
     *
     * @param failure the first unexpected failure of the job, if any (not a halt or an unfinished tenant)
     */
    default void finish(long runId, BatchStatus status, Optional<String> failure) {
        if (runs().get(runId).status() != RunStatus.RUNNING) {
            return;
        }
        int left = left(runId);
        String resume = "'" + kind() + " resume " + runId + "' continues ";
        if (failure.isPresent() && status != BatchStatus.COMPLETED) {
            runs().setStatus(runId, RunStatus.FAILED, failure.get() + "; " + resume + "it");
        } else if (left > 0) {
            runs().setStatus(runId, RunStatus.INCOMPLETE, left + " " + unit() + " " + notDone(runId) + "; " + resume + "them");
        } else {
            runs().setStatus(runId, RunStatus.COMPLETED, null);
        }
    }

    /** What the kind's ledger counts as work left: {@code tenants}, or e.g. {@code transfers}. */
    default String unit() {
        return "tenants";
    }

    /** How many tenants (or other units) of the run are not done yet, as the kind's ledger counts them. */
    int left(long runId);

    /** The kind's table of runs, where the run's status and outcome are recorded. */
    RunLedger<?> runs();

    /** Why tenants are left, in the kind's words, e.g. {@code still pending (region down or tenant busy)}. */
    String notDone(long runId);

    /** The sum of the counts whose state matches, e.g. the tenants left of a ledger's counts per state. */
    static <S> int count(Map<S, Integer> counts, Predicate<S> states) {
        return counts.entrySet().stream().filter(e -> states.test(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }
}
