package io.tenantfleet.fleet.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Watches a wave's remote partitions while the manager waits for them. A partition whose worker
 * is gone (its liveness lock is free) is failed in the job repository; so are partitions nobody
 * took while no worker was alive for the configured wait. Failing them ends the wave: the run is
 * then incomplete, and resuming it runs those partitions again.
 */
final class LostPartitionWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LostPartitionWatch.class);

    private final FleetWorkers workers;
    private final JobRepository jobRepository;
    private final long jobExecutionId;
    private final String partitionPrefix;
    private final Duration workerWait;
    private final ScheduledExecutorService timer;
    private Instant lastWorkerSeen = Instant.now();
    private Instant requestsMissingSince;

    private LostPartitionWatch(FleetWorkers workers, JobRepository jobRepository, FleetProperties properties,
            long jobExecutionId, String partitionPrefix) {
        this.workers = workers;
        this.jobRepository = jobRepository;
        this.jobExecutionId = jobExecutionId;
        this.partitionPrefix = partitionPrefix;
        this.workerWait = Duration.ofSeconds(properties.workerWaitS());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fleet-watch-" + jobExecutionId);
            thread.setDaemon(true);
            return thread;
        });
    }

    static LostPartitionWatch start(FleetWorkers workers, JobRepository jobRepository, FleetProperties properties,
            long jobExecutionId, String partitionPrefix) {
        LostPartitionWatch watch = new LostPartitionWatch(workers, jobRepository, properties, jobExecutionId,
                partitionPrefix);
        watch.timer.scheduleWithFixedDelay(watch::check, properties.pollIntervalMs(), properties.pollIntervalMs(),
                TimeUnit.MILLISECONDS);
        return watch;
    }

    private void check() {
        try {
            boolean anyAlive = !workers.alive().isEmpty();
            if (anyAlive) {
                lastWorkerSeen = Instant.now();
            }
            boolean waitedTooLong = Duration.between(lastWorkerSeen, Instant.now()).compareTo(workerWait) > 0;
            List<FleetWorkers.OpenPartition> open = workers.open(jobExecutionId, partitionPrefix, workerWait);
            boolean requestLost = requestLost(open);
            for (FleetWorkers.OpenPartition partition : open) {
                if (partition.workerId().isPresent()) {
                    String worker = partition.workerId().get();
                    if (!workers.isAlive(worker)) {
                        fail(partition, "worker " + worker + " was lost while running it");
                    } else if (partition.stuck()) {
                        fail(partition, "worker " + worker + " took it " + workerWait.toSeconds()
                                + " s ago and never started it");
                    }
                } else if (waitedTooLong) {
                    fail(partition, "no worker took it: none was alive for " + workerWait.toSeconds()
                            + " s; start 'orchestrator worker' on a host that reaches the control plane and the regions");
                } else if (requestLost) {
                    fail(partition, "its request was lost (a worker died as it took it); resume the run");
                }
            }
        } catch (RuntimeException e) {
            // the control plane may be briefly unreachable: the manager's own polling reports it
            log.debug("lost-partition check failed: {}", e.getMessage(), e);
        }
    }

    /**
     * More partitions wait to be taken than requests wait in the queue, for longer than the worker
     * wait: a worker took a request and died before claiming its partition. Which one cannot be
     * told, so every partition still waiting is failed; their requests, if still queued, are then
     * dropped by the workers, and resuming the run sends them again.
     */
    private boolean requestLost(List<FleetWorkers.OpenPartition> open) {
        long waiting = open.stream().filter(p -> p.workerId().isEmpty()).count();
        if (waiting == 0 || waiting <= workers.queued()) {
            requestsMissingSince = null;
            return false;
        }
        if (requestsMissingSince == null) {
            requestsMissingSince = Instant.now();
        }
        return Duration.between(requestsMissingSince, Instant.now()).compareTo(workerWait) > 0;
    }

    private void fail(FleetWorkers.OpenPartition partition, String reason) {
        StepExecution step = jobRepository.getStepExecution(partition.stepExecutionId());
        if (step == null || !step.getStatus().isRunning()) {
            return;
        }
        String name = partition.stepName().substring(partitionPrefix.length());
        log.warn("partition {} failed: {}", name, reason);
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription("partition " + name + ": " + reason));
        step.setEndTime(LocalDateTime.now());
        jobRepository.update(step);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
