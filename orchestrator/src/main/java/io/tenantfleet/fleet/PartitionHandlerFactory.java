package io.tenantfleet.fleet;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.Optional;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The partition handler of a wave step. Locally, every partition of the wave gets a thread of its
 * own (a wave has regions x lanes partitions, the lanes being each region's concurrency);
 * remotely, the partitions go to worker processes.
 */
@Component
class PartitionHandlerFactory {

    private final Optional<RemotePartitionHandlers> remote;

    PartitionHandlerFactory(Optional<RemotePartitionHandlers> remote) {
        this.remote = remote;
    }

    PartitionHandler handler(Workers workers, Step workerStep, String waveStepName) {
        if (workers == Workers.REMOTE) {
            return remote.orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                    "remote workers are not available in this process")).handler(workerStep.getName(), waveStepName);
        }
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("fleet-" + waveStepName + "-");
        threads.setDaemon(true);
        TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
        handler.setStep(workerStep);
        handler.setTaskExecutor(threads);
        return handler;
    }
}
