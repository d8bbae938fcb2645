package io.tenantfleet.sync;

import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a region's figures for the sync in one call ({@code fleet.tenant_metadata}, sql/region),
 * whatever the number of tenants: counts and dates only, computed inside the region.
 */
final class MetadataReader {

    /**
     * What a read found: the figures of the tenants read, the slugs whose schema is missing, and per slug
     * the error of a schema that could not be read.
     */
    record Read(List<TenantFigures> figures, List<String> missing, Map<String, String> unreadable) {

        static final Read EMPTY = new Read(List.of(), List.of(), Map.of());

        /** This read and the next chunk's. */
        Read and(Read next) {
            List<TenantFigures> allFigures = new ArrayList<>(figures);
            allFigures.addAll(next.figures());
            List<String> allMissing = new ArrayList<>(missing);
            allMissing.addAll(next.missing());
            Map<String, String> allUnreadable = new LinkedHashMap<>(unreadable);
            allUnreadable.putAll(next.unreadable());
            return new Read(allFigures, allMissing, allUnreadable);
        }
    }

    /** Tenants read per transaction (and per call of the region function). */
    static final int CHUNK = 250;

    private MetadataReader() {
    }

    /** Reads in the connection's transaction, which it makes read-only first: the read cannot change the region. */
    static Read read(Connection connection, List<Tenant> tenants) throws SQLException {
        RegionGuard.readOnly(connection);
        List<TenantFigures> figures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        Map<UUID, String> slugs = new LinkedHashMap<>();
        tenants.forEach(t -> slugs.put(t.id(), t.slug()));
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM fleet.tenant_metadata(?, ?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", slugs.keySet().toArray()));
            statement.setArray(2, connection.createArrayOf("text", slugs.values().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject("tenant_id", UUID.class);
                    if (!rows.getBoolean("present")) {
                        missing.add(slugs.get(id));
                        continue;
                    }
                    if (rows.getString("problem") != null) {
                        unreadable.put(slugs.get(id), rows.getString("problem"));
                        continue;
                    }
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (String key : Payloads.COUNT_KEYS) {
                        counts.put(key, rows.getLong(key));
                    }
                    figures.add(new TenantFigures(id, counts, Optional.ofNullable(rows.getString("schema_version")),
                            Optional.ofNullable(rows.getObject("last_activity", java.time.LocalDate.class)),
                            rows.getLong("storage_bytes")));
                }
            }
        }
        return new Read(figures, missing, unreadable);
    }
}
