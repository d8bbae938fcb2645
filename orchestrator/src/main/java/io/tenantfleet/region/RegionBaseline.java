package io.tenantfleet.region;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.stereotype.Component;

/**
 * Makes sure a region database carries the shared baseline of {@code sql/region} (pgcrypto, shared
 * roles, residency ledger, cross-region metadata, tenant key store) before tenants are put on it.
 * Applied by Flyway with its own history table in schema {@code fleet}; checked once per process.
 */
@Component
public class RegionBaseline {

    public static final String SCHEMA = "fleet";

    private final RegionConnections connections;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    public RegionBaseline(RegionConnections connections) {
        this.connections = connections;
    }

    /** The region's pooled connections, with the baseline applied. */
    public DataSource ready(String region) {
        DataSource dataSource = connections.dataSource(region);
        if (!ready.contains(region)) {
            synchronized (this) {
                if (!ready.contains(region)) {
                    migrate(region, dataSource);
                    ready.add(region);
                }
            }
        }
        return dataSource;
    }

    private static void migrate(String region, DataSource dataSource) {
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:sql/region").schemas(SCHEMA)
                    .defaultSchema(SCHEMA).createSchemas(true).table("fleet_schema_history").load().migrate();
        } catch (RuntimeException e) {
            throw new RegionUnavailableException(region, RegionUnavailableException.rootMessage(e), e);
        }
    }
}
