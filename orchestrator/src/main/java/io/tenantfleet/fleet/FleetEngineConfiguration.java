package io.tenantfleet.fleet;

import java.util.List;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one worker step every fleet job's partitions run, in this process or in a worker process. */
@Configuration(proxyBeanMethods = false)
class FleetEngineConfiguration {

    /** The name workers know the partition step by. */
    static final String WORKER_STEP = "fleetPartitionStep";

    /*
     * A partition commits its work tenant by tenant, in the regions and in the kind's ledger, as it
     * goes: a resourceless transaction manager keeps the step from wrapping that in one
     * control-plane transaction.
     */
    @Bean(WORKER_STEP)
    Step fleetPartitionStep(JobRepository jobRepository, List<FleetWork> works) {
        return new StepBuilder(WORKER_STEP, jobRepository)
                .tasklet(new FleetPartitionTasklet(works), new ResourcelessTransactionManager())
                .build();
    }
}
