package io.tenantfleet.region;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.springframework.stereotype.Component;

/**
 * The shared baseline of {@code sql/region} on a region database (pgcrypto, shared roles, residency
 * ledger, cross-region metadata, tenant key store, the fleet functions): applied by Flyway with its
 * own history table in schema {@code fleet} before tenants are put on the region, checked once per
 * process, or only inspected by commands that change nothing. A region whose baseline holds region
 * SQL newer than this orchestrator's is refused: an older orchestrator must not work on it.
 */
@Component
public class RegionBaseline {

    public static final String SCHEMA = "fleet";

    /**
     * What a region's baseline is at, read without changing it.
     *
     * @param current the last region SQL version applied, if any
     * @param pending what this orchestrator would apply, in order: {@code V9}, or a repeatable script
     */
    public record State(Optional<String> current, List<String> pending) {

        public boolean outOfDate() {
            return !pending.isEmpty();
        }

        /** For operators: {@code region SQL at V8; V9, R__tenant_schema_versions.sql pending}. */
        public String describe() {
            return "region SQL at " + current.map(v -> "V" + v).orElse("nothing (no fleet schema)") + "; "
                    + String.join(", ", pending) + " pending";
        }
    }

    private final RegionConnections connections;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Map<String, State> inspected = new ConcurrentHashMap<>();

    public RegionBaseline(RegionConnections connections) {
        this.connections = connections;
    }

    /** The region's pooled connections, with the baseline applied. */
    public DataSource ready(String region) {
        DataSource dataSource = connections.dataSource(region);
        if (!ready.contains(region)) {
            synchronized (this) {
                if (!ready.contains(region)) {
                    Flyway flyway = flyway(dataSource);
                    inspect(region, flyway);
                    migrate(region, flyway);
                    inspected.remove(region);
                    ready.add(region);
                }
            }
        }
        return dataSource;
    }

    /** The region's pooled connections, its baseline untouched. */
    public DataSource connections(String region) {
        return connections.dataSource(region);
    }

    /**
     * Where the region's baseline is, read only (once per process unless this process migrates it);
     * refuses newer region SQL than this orchestrator's.
     */
    public State inspect(String region) {
        State state = inspected.get(region);
        if (state == null) {
            state = inspect(region, flyway(connections.dataSource(region)));
            inspected.put(region, state);
        }
        return state;
    }

    private static State inspect(String region, Flyway flyway) {
        MigrationInfo[] all;
        try {
            all = flyway.info().all();
        } catch (RuntimeException e) {
            throw new RegionUnavailableException(region, RegionUnavailableException.rootMessage(e), e);
        }
        List<String> future = Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                || m.getState() == MigrationState.FUTURE_FAILED).map(m -> "V" + m.getVersion()).toList();
        if (!future.isEmpty()) {
            String latest = Arrays.stream(all).filter(m -> m.getState().isResolved() && m.getVersion() != null)
                    .map(m -> "V" + m.getVersion()).reduce((a, b) -> b).orElse("none");
            throw new OrchestratorException(ErrorCode.CONFLICT, "region " + region + " has region SQL "
                    + String.join(", ", future) + ", newer than this orchestrator's (latest " + latest
                    + "): run a newer orchestrator against it; nothing was changed");
        }
        Optional<String> current = Arrays.stream(all).filter(m -> m.getState().isApplied() && m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b);
        List<String> pending = Arrays.stream(all)
                .filter(m -> m.getState() == MigrationState.PENDING || m.getState() == MigrationState.OUTDATED)
                .map(m -> m.getVersion() == null ? m.getScript() : "V" + m.getVersion().getVersion()).toList();
        return new State(current, pending);
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:sql/region").schemas(SCHEMA)
                .defaultSchema(SCHEMA).createSchemas(true).table("fleet_schema_history").load();
    }

    private static void migrate(String region, Flyway flyway) {
        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            throw new OrchestratorException(ErrorCode.CONFLICT, "region " + region + "'s region SQL does not match this "
                    + "orchestrator's (" + RegionUnavailableException.rootMessage(e) + "); nothing was changed", e);
        } catch (RuntimeException e) {
            throw new RegionUnavailableException(region, RegionUnavailableException.rootMessage(e), e);
        }
    }
}
