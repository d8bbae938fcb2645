package io.tenantfleet.rollout;

import io.tenantfleet.region.RegionGuard;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads the version of every tenant schema of a region with one query
 * ({@code fleet.tenant_schema_versions()}, which reads each schema's own flyway_schema_history).
 */
@Component
public class SchemaVersions {

    /**
     * A schema's last successful version, its history's last installed_rank (null when the history
     * is empty or missing), and whether its history holds a failed entry.
     */
    public record SchemaVersion(String schema, String version, Integer installedRank, boolean hasFailed) {}

    private final RegionGuard guard;

    SchemaVersions(RegionGuard guard) {
        this.guard = guard;
    }

    /** Every tenant schema of the region by schema name. */
    public Map<String, SchemaVersion> read(String region) {
        String sql = "SELECT schema_name, version, installed_rank, has_failed FROM fleet.tenant_schema_versions()";
        return guard.call(region, connection -> {
            Map<String, SchemaVersion> versions = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), new SchemaVersion(rs.getString(1), rs.getString(2),
                            rs.getObject(3, Integer.class), rs.getBoolean(4)));
                }
            }
            return versions;
        });
    }
}
