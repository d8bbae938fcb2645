package io.tenantfleet.provisioning;

import io.tenantfleet.region.ControlPlaneConfiguration;
import java.util.function.Consumer;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The provisioning job: register the tenant as PROVISIONING, create its schema and roles in its home
 * region, apply the tenant template, configure retention, data key and ledger, then mark it ACTIVE.
 * A failed run is compensated by {@link ProvisioningSteps#compensate}: nothing half-built remains
 * and the tenant is FAILED with the reason.
 */
@Configuration(proxyBeanMethods = false)
class ProvisioningJobConfiguration {

    static final String JOB_NAME = "provisionTenantJob";

    @Bean
    Job provisionTenantJob(JobRepository jobRepository, Step registerTenantStep, Step createTenantSchemaStep,
            Step migrateTenantSchemaStep, Step configureTenantStep, Step activateTenantStep, ProvisioningSteps steps) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(registerTenantStep)
                .next(createTenantSchemaStep)
                .next(migrateTenantSchemaStep)
                .next(configureTenantStep)
                .next(activateTenantStep)
                .listener(compensation(steps))
                .build();
    }

    @Bean
    Step registerTenantStep(JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactionManager,
            ProvisioningSteps steps) {
        return step("registerTenantStep", jobRepository, transactionManager, steps::register);
    }

    @Bean
    Step createTenantSchemaStep(JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactionManager,
            ProvisioningSteps steps) {
        return step("createTenantSchemaStep", jobRepository, transactionManager, steps::createSchema);
    }

    @Bean
    Step migrateTenantSchemaStep(JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactionManager,
            ProvisioningSteps steps) {
        return step("migrateTenantSchemaStep", jobRepository, transactionManager, steps::migrate);
    }

    @Bean
    Step configureTenantStep(JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactionManager,
            ProvisioningSteps steps) {
        return step("configureTenantStep", jobRepository, transactionManager, steps::configure);
    }

    @Bean
    Step activateTenantStep(JobRepository jobRepository,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactionManager,
            ProvisioningSteps steps) {
        return step("activateTenantStep", jobRepository, transactionManager, steps::activate);
    }

    private static Step step(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
            Consumer<JobExecution> work) {
        return new StepBuilder(name, jobRepository)
                .tasklet((contribution, chunk) -> {
                    work.accept(chunk.getStepContext().getStepExecution().getJobExecution());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    private static JobExecutionListener compensation(ProvisioningSteps steps) {
        return new JobExecutionListener() {
            @Override
            public void afterJob(JobExecution execution) {
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                    steps.compensate(execution, ProvisioningFailures.reason(execution));
                }
            }
        };
    }
}
