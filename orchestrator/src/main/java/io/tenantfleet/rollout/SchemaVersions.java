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

    /** A schema's last successful version, and whether its history holds a failed entry. */
    public record SchemaVersion(String schema, String version, boolean hasFailed) {}

    private final RegionGuard guard;

    SchemaVersions(RegionGuard guard) {
        this.guard = guard;
    }

    /** Every tenant schema of the region by schema name. */
    public Map<String, SchemaVersion> read(String region) {
        return guard.call(region, connection -> {
            Map<String, SchemaVersion> versions = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT schema_name, version, has_failed FROM fleet.tenant_schema_versions()");
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), new SchemaVersion(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
            return versions;
        });
    }
}
