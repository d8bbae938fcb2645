package io.tenantfleet.fleet.remote;

import io.tenantfleet.fleet.RemotePartitionHandlers;
import java.util.Collection;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Remote partitioning as Spring Batch Integration does it: a {@link MessageChannelPartitionHandler}
 * sends one request per partition to the {@link PartitionQueue} and polls the shared job
 * repository until every partition has finished. While it waits, a {@link LostPartitionWatch}
 * fails the partitions of workers that died and, when no worker is alive for too long, those no
 * worker took, so a wave always ends and the run can be resumed.
 */
@Component
class RemotePartitionHandlerFactory implements RemotePartitionHandlers {

    private final PartitionQueue queue;
    private final JobRepository jobRepository;
    private final FleetWorkers workers;
    private final FleetProperties properties;

    RemotePartitionHandlerFactory(PartitionQueue queue, JobRepository jobRepository, FleetWorkers workers,
            FleetProperties properties) {
        this.queue = queue;
        this.jobRepository = jobRepository;
        this.workers = workers;
        this.properties = properties;
    }

    @Override
    public java.util.List<String> stillRunning(long jobExecutionId) {
        return workers.running(jobExecutionId);
    }

    @Override
    public PartitionHandler handler(String workerStepName, String waveStepName) {
        MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
        handler.setStepName(workerStepName);
        handler.setJobRepository(jobRepository);
        handler.setPollInterval(properties.pollIntervalMs());
        MessagingTemplate template = new MessagingTemplate(queue.channel());
        handler.setMessagingOperations(template);
        try {
            handler.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up remote partitioning for " + waveStepName, e);
        }
        return new PartitionHandler() {
            @Override
            public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStep)
                    throws Exception {
                try (LostPartitionWatch watch = LostPartitionWatch.start(workers, jobRepository, properties,
                        managerStep.getJobExecutionId(), splitter.getStepName() + ":")) {
                    return handler.handle(splitter, managerStep);
                }
            }
        };
    }
}
