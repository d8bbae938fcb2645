package io.tenantfleet.fleet.remote;

import io.tenantfleet.region.ControlPlaneConfiguration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.stereotype.Component;

/**
 * The queue of partition requests, kept in the control plane by Spring Integration's JDBC channel
 * message store (tables of control-plane V7): managers send to it, workers take from it, and no
 * broker is needed. Taking a request deletes it in the same statement (PostgreSQL's
 * {@code DELETE ... RETURNING}), so each request goes to one worker at most. Built when first
 * used, so that commands that never partition remotely do not touch it.
 */
@Component
public class PartitionQueue {

    static final String GROUP = "fleet-partition-requests";
    static final String REGION = "tenant-fleet";

    private final DataSource controlPlane;
    private QueueChannel channel;

    PartitionQueue(@Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane) {
        this.controlPlane = controlPlane;
    }

    synchronized QueueChannel channel() {
        if (channel == null) {
            JdbcChannelMessageStore store = new JdbcChannelMessageStore(controlPlane);
            store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
            store.setRegion(REGION);
            // requests are Java-serialized; only these classes may be read back
            store.addAllowedPatterns("org.springframework.batch.integration.partition.StepExecutionRequest",
                    "org.springframework.messaging.support.GenericMessage", "org.springframework.messaging.MessageHeaders",
                    "java.util.*", "java.lang.*");
            store.afterPropertiesSet();
            channel = new QueueChannel(new MessageGroupQueue(store, GROUP));
            channel.setBeanName("fleetPartitionRequests");
        }
        return channel;
    }
}
