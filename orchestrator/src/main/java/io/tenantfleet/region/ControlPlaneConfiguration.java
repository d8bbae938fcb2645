package io.tenantfleet.region;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The control plane: the orchestrator's own database (tenant registry, provisioning history, Spring
 * Batch job repository), migrated by Flyway from {@code sql/control} before anything uses it.
 */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository(dataSourceRef = ControlPlaneConfiguration.DATA_SOURCE,
        transactionManagerRef = ControlPlaneConfiguration.TRANSACTION_MANAGER)
public class ControlPlaneConfiguration {

    public static final String DATA_SOURCE = "controlPlaneDataSource";
    public static final String TRANSACTION_MANAGER = "controlPlaneTransactionManager";
    public static final String JDBC = "controlPlaneJdbc";

    @Bean(name = DATA_SOURCE, destroyMethod = "")
    DataSource controlPlaneDataSource(RegionConnections connections) {
        DataSource dataSource = connections.dataSource(RegionConnections.CONTROL_PLANE);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:sql/control")
                    .table("fleet_control_schema_history").load().migrate();
        } catch (RuntimeException e) {
            throw new RegionUnavailableException(RegionConnections.CONTROL_PLANE, RegionUnavailableException.rootMessage(e), e);
        }
        return dataSource;
    }

    /**
     * The jobs this process can restart by name: each fleet run's job, registered as it is built.
     * Declared here, beside {@code @EnableBatchProcessing}, so that the framework's JobOperator
     * uses it for restarts. It does not collect the job beans at startup as the framework's
     * default does: that would create them, and connect to the control plane, in every command,
     * even those that never touch it.
     */
    @Bean
    MapJobRegistry jobRegistry() {
        return new MapJobRegistry() {
            @Override
            public void afterSingletonsInstantiated() {
                // fleet runs register their own jobs
            }
        };
    }

    @Bean(name = TRANSACTION_MANAGER)
    JdbcTransactionManager controlPlaneTransactionManager(@Qualifier(DATA_SOURCE) DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean(name = JDBC)
    JdbcClient controlPlaneJdbc(@Qualifier(DATA_SOURCE) DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }
}
