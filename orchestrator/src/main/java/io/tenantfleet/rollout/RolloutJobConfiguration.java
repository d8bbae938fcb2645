package io.tenantfleet.rollout;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rollout job: the canary wave, then the remaining waves in order, each over every region at
 * once. A canary failure or a wave past its failure budget halts the run; tenants already migrated
 * stay migrated and recorded.
 */
@Configuration(proxyBeanMethods = false)
class RolloutJobConfiguration {

    static final String JOB_NAME = "rolloutJob";

    @Bean
    Job rolloutJob(JobRepository jobRepository, Step canaryWaveStep, Step rolloutWavesStep, RolloutSteps steps) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(canaryWaveStep)
                .next(rolloutWavesStep)
                .listener(new JobExecutionListener() {
                    @Override
                    public void afterJob(JobExecution execution) {
                        steps.finish(execution);
                    }
                })
                .build();
    }

    /*
     * The wave steps commit their work tenant by tenant, in the regions and in the ledger, as they go:
     * a resourceless transaction manager keeps the step from wrapping that in one control-plane
     * transaction that a halt would roll back.
     */
    @Bean
    Step canaryWaveStep(JobRepository jobRepository, RolloutSteps steps) {
        return new StepBuilder("canaryWaveStep", jobRepository).tasklet((contribution, chunk) -> {
            steps.canary(chunk.getStepContext().getStepExecution().getJobExecution());
            return RepeatStatus.FINISHED;
        }, new ResourcelessTransactionManager()).build();
    }

    @Bean
    Step rolloutWavesStep(JobRepository jobRepository, RolloutSteps steps) {
        return new StepBuilder("rolloutWavesStep", jobRepository).tasklet((contribution, chunk) -> {
            steps.waves(chunk.getStepContext().getStepExecution().getJobExecution());
            return RepeatStatus.FINISHED;
        }, new ResourcelessTransactionManager()).build();
    }
}
