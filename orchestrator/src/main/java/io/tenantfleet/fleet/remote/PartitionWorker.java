package io.tenantfleet.fleet.remote;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * An {@code orchestrator worker} process: takes partition requests from the {@link PartitionQueue}
 * as it is notified of them, with a few threads, and runs each with Spring Batch Integration's {@link StepExecutionRequestHandler}
 * against the shared job repository. It holds its liveness lock for its whole life, and claims a
 * partition before running it, so that managers can tell a lost worker and nothing runs twice.
 */
@Component
public class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);
    private static final long STOP_CHECK_MS = 200;

    private final PartitionQueue queue;
    private final FleetWorkers workers;
    private final JobRepository jobRepository;
    private final DataSource controlPlane;
    private final BeanFactory beans;
    private final AtomicInteger done = new AtomicInteger();

    PartitionWorker(PartitionQueue queue, FleetWorkers workers, JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane, BeanFactory beans) {
        this.queue = queue;
        this.workers = workers;
        this.jobRepository = jobRepository;
        this.controlPlane = controlPlane;
        this.beans = beans;
    }

    /** Runs partitions with the worker's threads until {@code stop} says so; returns how many it ran. */
    public int serve(FleetWorkers.Worker self, BooleanSupplier stop) {
        try (AdvisoryLocks.Held alive = holdLiveness(self.id())) {
            workers.register(self);
            StepExecutionRequestHandler handler = requestHandler();
            ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
            threads.setCorePoolSize(self.concurrency());
            threads.setMaxPoolSize(self.concurrency());
            threads.setThreadNamePrefix("worker-");
            threads.initialize();
            queue.subscribe(threads, message -> {
                if (message.getPayload() instanceof StepExecutionRequest request) {
                    runClaimed(self.id(), handler, request);
                }
            }, e -> {
                // e.g. the control plane unreachable as a request was taken: its manager's watch fails the
                // partition (its worker lost, or its request lost), and resuming the run sends it again
                log.warn("worker {}: {}", self.id(), String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
                log.debug("worker {} failure", self.id(), e);
            });
            log.info("worker {} ready on {} (pid {}), {} partitions at a time", self.id(), self.host(), self.pid(),
                    self.concurrency());
            while (!stop.getAsBoolean()) {
                Thread.sleep(STOP_CHECK_MS);
            }
            queue.unsubscribe();
            threads.shutdown();
            workers.unregister(self.id());
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done.get();
        }
    }

    private AdvisoryLocks.Held holdLiveness(String workerId) {
        try {
            return AdvisoryLocks.tryHold(controlPlane.getConnection(), FleetWorkers.lockName(workerId))
                    .orElseThrow(() -> new OrchestratorException(ErrorCode.CONFLICT, "worker id '" + workerId
                            + "' is in use by a running worker; give this one another --id"));
        } catch (SQLException e) {
            throw new OrchestratorException(ErrorCode.REGION_UNAVAILABLE, "cannot reach the control plane: "
                    + e.getMessage(), e);
        }
    }

    private StepExecutionRequestHandler requestHandler() {
        BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
        steps.setBeanFactory(beans);
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setStepLocator(steps);
        handler.setJobRepository(jobRepository);
        return handler;
    }

    private void runClaimed(String workerId, StepExecutionRequestHandler handler, StepExecutionRequest request) {
        if (!workers.claim(request.getStepExecutionId(), workerId)) {
            log.debug("worker {} dropped a request for step execution {}: taken or no longer waiting", workerId,
                    request.getStepExecutionId());
            return;
        }
        try {
            StepExecution result = handler.handle(request);
            if (result.getStatus().isUnsuccessful()) {
                // the handler leaves a failure it caught outside the step to its caller to record
                jobRepository.update(result);
            }
            log.info("worker {} ran partition {}: {}", workerId, partitionName(result), result.getStatus());
            done.incrementAndGet();
        } catch (RuntimeException e) {
            // claimed but not run to its end (the step could not be found or recorded): fail it, so
            // that its manager's wave ends and the run can be resumed
            log.warn("worker {}: partition of step execution {} failed: {}", workerId, request.getStepExecutionId(),
                    String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            failQuietly(request.getStepExecutionId(), e);
        }
    }

    private void failQuietly(long stepExecutionId, RuntimeException cause) {
        try {
            StepExecution step = jobRepository.getStepExecution(stepExecutionId);
            if (step != null && step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription(cause));
                step.setEndTime(LocalDateTime.now());
                jobRepository.update(step);
            }
        } catch (RuntimeException e) {
            log.debug("worker could not record the failure of step execution {}", stepExecutionId, e);
        }
    }

    private static String partitionName(StepExecution step) {
        String name = step.getStepName();
        return name.substring(name.indexOf(':') + 1);
    }
}
