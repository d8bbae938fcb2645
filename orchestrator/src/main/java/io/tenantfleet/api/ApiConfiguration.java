package io.tenantfleet.api;

import io.tenantfleet.region.EmbeddedFleet;
import io.tenantfleet.region.RegionConnections;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Service mode ({@code orchestrator serve}): the job threads of the API and the embedded servers
 * shared with other processes. Only in a web application: the CLI's contexts have none of it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ApiConfiguration {

    /** The executor of the API's long work. */
    static final String JOBS = "apiJobs";

    /**
     * Its parameters make it depend on the connections and the job operator, so that at shutdown it is
     * closed first: running jobs get {@code orchestrator.api.shutdown-wait-s} to finish while their
     * databases are still open. A job still running then is left as its ledger has it (RUNNING), and
     * the next run or resume of its kind, from any process, closes it FAILED and continues it.
     */
    @Bean(JOBS)
    ThreadPoolTaskExecutor apiJobs(RegionConnections connections, JobOperator jobOperator,
            @Value("${orchestrator.api.jobs:4}") int threads, @Value("${orchestrator.api.shutdown-wait-s:30}") int wait) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("api-job-");
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(100);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(wait);
        return executor;
    }

    /**
     * Starts the catalog's embedded servers (or attaches to those {@code orchestrator up} or another
     * {@code serve} shares) and shares them, so that CLI commands and other instances use the same ones.
     */
    @Bean
    ApplicationRunner shareEmbeddedServers(EmbeddedFleet fleet) {
        return arguments -> fleet.up();
    }
}
