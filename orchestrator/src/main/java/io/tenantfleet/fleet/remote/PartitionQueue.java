package io.tenantfleet.fleet.remote;

import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import java.sql.DriverManager;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.postgresql.jdbc.PgConnection;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.channel.PostgresChannelMessageTableSubscriber;
import org.springframework.integration.jdbc.channel.PostgresSubscribableChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.messaging.MessageHandler;
import org.springframework.util.ErrorHandler;
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
    private final RegionConnections connections;
    private JdbcChannelMessageStore store;
    private QueueChannel channel;

    PartitionQueue(@Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane,
            RegionConnections connections) {
        this.controlPlane = controlPlane;
        this.connections = connections;
    }

    /** Where managers send partition requests. */
    synchronized QueueChannel channel() {
        if (channel == null) {
            channel = new QueueChannel(new MessageGroupQueue(store(), GROUP));
            channel.setBeanName("fleetPartitionRequests");
        }
        return channel;
    }

    /**
     * Where a worker takes them: the same table as a subscribable channel. An insert notifies
     * ({@code pg_notify} from the table's trigger, control-plane V7) every listening worker at once,
     * and each drains the queue on {@code executor}'s threads; no worker polls an empty table.
     */
    synchronized PostgresSubscribableChannel subscribe(Executor executor, MessageHandler handler, ErrorHandler errors) {
        RegionEndpoint endpoint = connections.endpoint(RegionConnections.CONTROL_PLANE);
        PostgresChannelMessageTableSubscriber subscriber = new PostgresChannelMessageTableSubscriber(
                () -> DriverManager.getConnection(endpoint.url(), endpoint.driverProperties()).unwrap(PgConnection.class));
        PostgresSubscribableChannel requests = new PostgresSubscribableChannel(store(), GROUP, subscriber);
        requests.setDispatcherExecutor(executor);
        requests.setErrorHandler(errors);
        requests.setBeanName("fleetPartitionRequests");
        requests.subscribe(handler);
        subscriber.start();
        listening = subscriber;
        return requests;
    }

    /** Stops listening for requests. */
    synchronized void unsubscribe() {
        if (listening != null) {
            listening.stop();
            listening = null;
        }
    }

    private PostgresChannelMessageTableSubscriber listening;

    private JdbcChannelMessageStore store() {
        if (store == null) {
            store = new JdbcChannelMessageStore(controlPlane);
            store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
            store.setRegion(REGION);
            // requests are Java-serialized; only these classes may be read back
            store.addAllowedPatterns("org.springframework.batch.integration.partition.StepExecutionRequest",
                    "org.springframework.messaging.support.GenericMessage", "org.springframework.messaging.MessageHeaders",
                    "java.util.*", "java.lang.*");
            store.afterPropertiesSet();
        }
        return store;
    }
}
