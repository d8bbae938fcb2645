package io.tenantfleet.fleet;

import org.springframework.batch.core.partition.PartitionHandler;

/** Sends a wave's partitions to worker processes and waits for them (see {@code fleet.remote}). */
public interface RemotePartitionHandlers {

    /** A handler for one wave step whose partitions run the worker step {@code workerStepName}. */
    PartitionHandler handler(String workerStepName, String waveStepName);

    /** Live workers still running partitions of a job execution (whose manager may be gone). */
    java.util.List<String> stillRunning(long jobExecutionId);
}
