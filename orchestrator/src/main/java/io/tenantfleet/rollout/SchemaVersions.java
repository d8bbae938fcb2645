package io.tenantfleet.rollout;

import io.tenantfleet.region.RegionGuard;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads the version of every tenant schema of a region with one query
 * ({@code fleet.tenant_schema_versions()}, which reads each schema's own flyway_schema_history), in
 * a read-only transaction, without bringing the region's baseline up to date.
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
        return guard.read(region, connection -> {
            Map<String, SchemaVersion> versions = new HashMap<>();
            if (!baselinePresent(connection)) {
                return versions;
            }
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), new SchemaVersion(rs.getString(1), rs.getString(2),
                            rs.getObject(3, Integer.class), rs.getBoolean(4)));
                }
            }
            return versions;
        });
    }

    /** A region never provisioned has no fleet schema, hence no tenant schemas to read. */
    private static boolean baselinePresent(java.sql.Connection connection) throws java.sql.SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT to_regprocedure('fleet.tenant_schema_versions()') IS NOT NULL"); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
