package io.tenantfleet.region;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.DatabaseSpec;
import io.tenantfleet.catalog.RegionCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
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
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public RegionConnections(RegionCatalog catalog, OrchestratorProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    /** How to reach a region (or {@link #CONTROL_PLANE}); starts its embedded server if it has one. */
    public RegionEndpoint endpoint(String name) {
        DatabaseSpec spec = CONTROL_PLANE.equals(name) ? catalog.controlPlane() : catalog.region(name).database();
        if (spec instanceof DatabaseSpec.Jdbc jdbc) {
            Properties props = new Properties();
            props.setProperty("user", jdbc.user());
            jdbc.password().ifPresent(secret -> props.setProperty("password",
                    secret.resolve(System::getenv, CONTROL_PLANE.equals(name) ? "the control plane" : "region " + name)));
            props.setProperty("sslmode", jdbc.tls().mode());
            jdbc.tls().rootCert().ifPresent(cert -> props.setProperty("sslrootcert", cert));
            props.setProperty("ApplicationName", "tenant-fleet");
            return new RegionEndpoint(name, jdbc.url(), props);
        }
        EmbeddedPostgres server = EmbeddedServers.obtain(embeddedDataDir(name), properties.embeddedFast());
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("ApplicationName", "tenant-fleet");
        return new RegionEndpoint(name, "jdbc:postgresql://localhost:" + server.getPort() + "/postgres", props);
    }

    /** The pooled connections of a region (or {@link #CONTROL_PLANE}). */
    public DataSource dataSource(String name) {
        return pools.computeIfAbsent(name, this::open);
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
        config.setMaximumPoolSize(CONTROL_PLANE.equals(name) ? 8 : properties.regionPoolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(properties.connectTimeoutMs());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        EmbeddedServers.stopAll();
    }
}
