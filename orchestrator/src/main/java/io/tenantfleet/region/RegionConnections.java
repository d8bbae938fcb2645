package io.tenantfleet.region;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.DatabaseSpec;
import io.tenantfleet.catalog.RegionCatalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Connections to every database the catalog names, opened only when first used: the control plane
 * and each region, embedded or not. Passwords are read from the environment at that moment, so
 * an unset variable matters only for a region that is actually used.
 */
@Component
public class RegionConnections implements DisposableBean {

    /** The name the control plane's endpoint and pool go by. */
    public static final String CONTROL_PLANE = "control-plane";

    private final RegionCatalog catalog;
    private final OrchestratorProperties properties;
    private final ResilienceProperties resilience;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Set<Path> embeddedDirs = ConcurrentHashMap.newKeySet();
    private final Map<String, EmbeddedServers.Server> lastServer = new ConcurrentHashMap<>();

    public RegionConnections(RegionCatalog catalog, OrchestratorProperties properties, ResilienceProperties resilience) {
        this.catalog = catalog;
        this.properties = properties;
        this.resilience = resilience;
    }

    /** How to reach a region (or {@link #CONTROL_PLANE}); starts its embedded server if it has one. */
    public RegionEndpoint endpoint(String name) {
        if (spec(name) instanceof DatabaseSpec.Jdbc jdbc) {
            // the canonical URL carries no TLS or authentication parameter, so these properties are what the driver uses
            Properties props = jdbc.driverProperties(jdbc.password().map(secret -> secret.resolve(System::getenv,
                    CONTROL_PLANE.equals(name) ? "the control plane" : "region " + name)));
            props.setProperty("ApplicationName", "tenant-fleet");
            return new RegionEndpoint(name, jdbc.url(), props);
        }
        EmbeddedServers.Server server = embedded(name);
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("ApplicationName", "tenant-fleet");
        return new RegionEndpoint(name, "jdbc:postgresql://localhost:" + server.port() + "/postgres", props);
    }

    /**
     * Reads the secrets a region (or {@link #CONTROL_PLANE}) needs from the environment, without
     * connecting: fails fast with a bad-input error naming the variable that is not set.
     */
    public void checkSecrets(String name) {
        if (!isEmbedded(name)) {
            endpoint(name);
        }
    }

    /**
     * The pooled connections of a region (or {@link #CONTROL_PLANE}). An embedded server that was
     * stopped is started again on its old port, so the pool reconnects to it.
     */
    public DataSource dataSource(String name) {
        HikariDataSource pool = pools.computeIfAbsent(name, this::open);
        if (isEmbedded(name)) {
            EmbeddedServers.Server server = embedded(name);
            EmbeddedServers.Server previous = lastServer.put(name, server);
            if (previous != null && !previous.equals(server) && pool.getHikariPoolMXBean() != null) {
                // the server was restarted: connections to the old one are dead
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        }
        return pool;
    }

    private boolean isEmbedded(String name) {
        return spec(name).isEmbedded();
    }

    private DatabaseSpec spec(String name) {
        return CONTROL_PLANE.equals(name) ? catalog.controlPlane() : catalog.region(name).database();
    }

    private EmbeddedServers.Server embedded(String name) {
        Path dir = embeddedDataDir(name);
        EmbeddedServers.Server server = EmbeddedServers.obtain(dir, properties.embeddedFast());
        if (server.start() > 0) {
            embeddedDirs.add(dir);
        }
        return server;
    }

    /** Where the embedded server of a region (or the control plane) keeps its data. */
    public Path embeddedDataDir(String name) {
        return properties.dataDir().resolve("pg").resolve(name);
    }

    private HikariDataSource open(String name) {
        RegionEndpoint endpoint = endpoint(name);
        HikariConfig config = new HikariConfig();
        config.setPoolName("pool-" + name);
        config.setJdbcUrl(endpoint.url());
        config.setDataSourceProperties(endpoint.driverProperties());
        config.setMaximumPoolSize(CONTROL_PLANE.equals(name) ? resilience.controlPlanePoolSize() : properties.regionPoolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(properties.connectTimeoutMs());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        embeddedDirs.forEach(EmbeddedServers::stop);
        embeddedDirs.clear();
    }
}
