package io.tenantfleet.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.FlowJobBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Builds the Spring Batch job of one run from its layout: per wave a partitioned step (one
 * partition per region and lane), then a decider that applies the failure budget; after the last
 * wave, the job ends COMPLETED when every tenant is done and FAILED otherwise, so that the same
 * JobInstance can be restarted. The structure depends only on the run's layout, so a restart
 * rebuilds exactly the job that ran.
 */
@Component
class FleetJobFactory {

    private final JobRepository jobRepository;
    private final Step workerStep;
    private final PartitionHandlerFactory handlers;

    FleetJobFactory(JobRepository jobRepository, @Qualifier(FleetEngineConfiguration.WORKER_STEP) Step workerStep,
            PartitionHandlerFactory handlers) {
        this.jobRepository = jobRepository;
        this.workerStep = workerStep;
        this.handlers = handlers;
    }

    static String jobName(String kind) {
        return kind + "Job";
    }

    Job build(FleetWork work, long runId, Workers workers) {
        FleetLayout layout = work.layout(runId);
        if (layout.waveCount() == 0) {
            throw new IllegalStateException(work.kind() + " run " + runId + " has no waves");
        }
        List<Step> waves = new ArrayList<>();
        List<WaveDecider> deciders = new ArrayList<>();
        for (int wave = 0; wave < layout.waveCount(); wave++) {
            waves.add(waveStep(work.kind(), runId, wave, layout, workers));
            deciders.add(new WaveDecider(work, runId, wave, wave == layout.waveCount() - 1));
        }
        FlowBuilder<FlowJobBuilder> flow = new JobBuilder(jobName(work.kind()), jobRepository)
                .listener(outcome(work, runId))
                .start(waves.get(0)).on("*").to(deciders.get(0));
        for (int wave = 0; wave < waves.size(); wave++) {
            WaveDecider decider = deciders.get(wave);
            flow = flow.from(decider).on(WaveDecider.HALTED).fail();
            if (wave + 1 < waves.size()) {
                flow = flow.from(decider).on(WaveDecider.CONTINUE).to(waves.get(wave + 1))
                        .from(waves.get(wave + 1)).on("*").to(deciders.get(wave + 1));
            } else {
                flow = flow.from(decider).on(WaveDecider.COMPLETED).end()
                        .from(decider).on(WaveDecider.INCOMPLETE).fail();
            }
        }
        return flow.end().build();
    }

    private Step waveStep(String kind, long runId, int wave, FleetLayout layout, Workers workers) {
        String name = kind + ".wave" + wave;
        return new StepBuilder(name, jobRepository)
                .partitioner(workerStep.getName(), new WavePartitioner(kind, runId, wave, layout))
                .step(workerStep)
                .partitionHandler(handlers.handler(workers, workerStep, name))
                .build();
    }

    private static JobExecutionListener outcome(FleetWork work, long runId) {
        return new JobExecutionListener() {
            @Override
            public void afterJob(JobExecution execution) {
                work.finish(runId, execution.getStatus(), unexpectedFailure(execution));
            }
        };
    }

    /** The first failure that is not a partition left unfinished (those are the ledger's business). */
    static Optional<String> unexpectedFailure(JobExecution execution) {
        return execution.getAllFailureExceptions().stream()
                .filter(e -> !(e instanceof PartitionIncompleteException))
                .filter(e -> !String.valueOf(e.getMessage()).startsWith("Partition handler returned an unsuccessful step"))
                .map(e -> String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim())
                .findFirst();
    }
}
