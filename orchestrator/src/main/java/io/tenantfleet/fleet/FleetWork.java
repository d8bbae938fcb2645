package io.tenantfleet.fleet;

import org.springframework.batch.core.BatchStatus;

/**
 * What a kind of fleet job (rollout, retention, sync, residency audit) does, for the engine that
 * runs it: the engine owns waves, partitions, local or remote execution, budgets between waves,
 * restart and crash recovery; the kind owns its plan, its per-tenant ledger and the region work.
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
    boolean finished(long runId);

    /**
     * After the job stopped, whatever the reason: records the run's outcome in the kind's ledger.
     *
     * @param failure the first unexpected failure of the job, if any (not a halt or an unfinished tenant)
     */
    void finish(long runId, BatchStatus status, java.util.Optional<String> failure);
}
