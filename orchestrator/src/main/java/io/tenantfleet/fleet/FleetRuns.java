package io.tenantfleet.fleet;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.configuration.DuplicateJobException;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Starts and resumes fleet runs. A run is one JobInstance (job {@code <kind>Job}, identified by
 * the run id); resuming it is a Spring Batch restart of that instance through the
 * {@link JobOperator}: completed wave steps and completed partitions are not run again, failed
 * and unfinished ones are. An execution left running by a process that died is first recovered
 * (marked FAILED with its running steps), as the framework requires before a restart.
 * Callers hold the kind's run lock, so no other manager runs the same kind at the same time.
 */
@Service
public class FleetRuns {

    /** Job parameter naming the run in the kind's ledger. */
    public static final String RUN_ID = "run.id";

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final JobRegistry jobRegistry;
    private final FleetJobFactory jobs;
    private final Optional<RemotePartitionHandlers> remote;

    FleetRuns(JobOperator jobOperator, JobRepository jobRepository, JobRegistry jobRegistry, FleetJobFactory jobs,
            Optional<RemotePartitionHandlers> remote) {
        this.remote = remote;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.jobRegistry = jobRegistry;
        this.jobs = jobs;
    }

    /** Runs a newly planned run to its end (completed, halted or incomplete). */
    public JobExecution start(FleetWork work, long runId, Workers workers) {
        Job job = register(jobs.build(work, runId, workers));
        try {
            return jobOperator.start(job, parameters(runId));
        } catch (JobExecutionAlreadyRunningException | JobRestartException | JobInstanceAlreadyCompleteException
                | InvalidJobParametersException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot start " + work.kind() + " run " + runId
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the run's JobInstance where it stopped; a run that never got one (planned by an
     * older orchestrator) is started.
     */
    public JobExecution resume(FleetWork work, long runId, Workers workers) {
        JobInstance instance = jobRepository.getJobInstance(FleetJobFactory.jobName(work.kind()), parameters(runId));
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (last == null) {
            return start(work, runId, workers);
        }
        if (last.getStatus().isRunning()) {
            // the caller holds the run lock, so the manager that ran it is gone; its workers may not be
            long executionId = last.getId();
            List<String> busy = remote.map(r -> r.stillRunning(executionId)).orElse(List.of());
            if (!busy.isEmpty()) {
                throw new OrchestratorException(ErrorCode.CONFLICT, work.kind() + " run " + runId + " still has partitions "
                        + "running on worker(s) " + String.join(", ", busy) + "; wait for them to finish, then resume");
            }
            last = jobOperator.recover(last);
        }
        register(jobs.build(work, runId, workers));
        try {
            return jobOperator.restart(last);
        } catch (JobRestartException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot resume " + work.kind() + " run " + runId
                    + ": " + e.getMessage(), e);
        }
    }

    /** The last job execution of a run, if it has one. */
    public Optional<JobExecution> lastExecution(String kind, long runId) {
        JobInstance instance = jobRepository.getJobInstance(FleetJobFactory.jobName(kind), parameters(runId));
        return Optional.ofNullable(instance == null ? null : jobRepository.getLastJobExecution(instance));
    }

    private Job register(Job job) {
        jobRegistry.unregister(job.getName());
        try {
            jobRegistry.register(job);
        } catch (DuplicateJobException e) {
            throw new IllegalStateException(e);
        }
        return job;
    }

    static JobParameters parameters(long runId) {
        return new JobParametersBuilder().addLong(RUN_ID, runId).toJobParameters();
    }
}
