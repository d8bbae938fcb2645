package io.tenantfleet.fleet.remote;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * An {@code orchestrator worker} process: takes partition requests from the {@link PartitionQueue}
 * with a few threads and runs each with Spring Batch Integration's {@link StepExecutionRequestHandler}
 * against the shared job repository. It holds its liveness lock for its whole life, and claims a
 * partition before running it, so that managers can tell a lost worker and nothing runs twice.
 */
@Component
public class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final PartitionQueue queue;
    private final FleetWorkers workers;
    private final JobRepository jobRepository;
    private final DataSource controlPlane;
    private final BeanFactory beans;
    private final FleetProperties properties;
    private final AtomicInteger done = new AtomicInteger();

    PartitionWorker(PartitionQueue queue, FleetWorkers workers, JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane, BeanFactory beans,
            FleetProperties properties) {
        this.queue = queue;
        this.workers = workers;
        this.jobRepository = jobRepository;
        this.controlPlane = controlPlane;
        this.beans = beans;
        this.properties = properties;
    }

    /** Runs partitions with {@code threads} threads until {@code stop} says so; returns how many it ran. */
    public int serve(FleetWorkers.Worker self, java.util.function.BooleanSupplier stop) {
        try (AdvisoryLocks.Held alive = holdLiveness(self.id())) {
            workers.register(self);
            log.info("worker {} ready on {} (pid {}), {} partitions at a time", self.id(), self.host(), self.pid(),
                    self.concurrency());
            StepExecutionRequestHandler handler = requestHandler();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < self.concurrency(); i++) {
                Thread thread = new Thread(() -> take(self.id(), handler, stop), "worker-" + i);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
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

    private void take(String workerId, StepExecutionRequestHandler handler, java.util.function.BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            try {
                Message<?> message = queue.channel().receive(properties.receiveWaitMs());
                if (message != null && message.getPayload() instanceof StepExecutionRequest request) {
                    runClaimed(workerId, handler, request);
                }
            } catch (RuntimeException e) {
                // the control plane is unreachable for a moment: managers see this worker as alive
                // only while its liveness connection holds, so waiting and trying again is safe
                log.warn("worker {}: {}", workerId, String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
                log.debug("worker {} failure", workerId, e);
                sleep(properties.receiveWaitMs());
            }
        }
    }

    private void runClaimed(String workerId, StepExecutionRequestHandler handler, StepExecutionRequest request) {
        if (!workers.claim(request.getStepExecutionId(), workerId)) {
            log.debug("worker {} dropped a request for step execution {}: taken or no longer waiting", workerId,
                    request.getStepExecutionId());
            return;
        }
        StepExecution result = handler.handle(request);
        if (result.getStatus().isUnsuccessful()) {
            // the handler leaves a failure it caught outside the step to its caller to record
            jobRepository.update(result);
        }
        log.info("worker {} ran partition {}: {}", workerId, partitionName(result), result.getStatus());
        done.incrementAndGet();
    }

    private static String partitionName(StepExecution step) {
        String name = step.getStepName();
        return name.substring(name.indexOf(':') + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
