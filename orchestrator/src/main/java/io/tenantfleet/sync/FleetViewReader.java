package io.tenantfleet.sync;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads the fleet view of one region from its {@code fleet.cross_region_metadata} alone, in a
 * read-only transaction (the region's baseline only inspected, so a login that may only read will
 * do), with two set-based queries whatever the number of source regions and tenants: one row per
 * source region (its region summary and last sync), one per source region and schema version.
 * Only rows of payload version {@value #PAYLOAD_VERSION} addressed to this region are read.
 */
@Component
public class FleetViewReader {

    /** The payload version this view understands. */
    static final int PAYLOAD_VERSION = 1;

    private static final String FIGURES = Arrays.stream(FleetViewFigure.values())
            .map(f -> "(summary ->> '" + f.key() + "')::bigint").collect(Collectors.joining(", "));

    private static final String SOURCES = """
            SELECT source_region, coalesce(summary_sync, latest_sync), tenant_rows, (summary ->> 'tenants')::bigint,
                   (summary ->> 'last_activity_date')::date, coalesce((summary ->> 'suppressed_cells')::bigint, 0), %s
              FROM (SELECT source_region,
                           max(last_sync) FILTER (WHERE data_type = 'region_summary') AS summary_sync,
                           max(last_sync) AS latest_sync,
                           count(*) FILTER (WHERE data_type = 'tenant_summary') AS tenant_rows,
                           (array_agg(aggregated_data ORDER BY last_sync DESC)
                               FILTER (WHERE data_type = 'region_summary'))[1] AS summary
                      FROM fleet.cross_region_metadata
                     WHERE destination_region = ? AND payload_version = ?
                     GROUP BY source_region) s
             ORDER BY source_region""".formatted(FIGURES);

    private static final String VERSIONS = """
            SELECT source_region, version, tenants
              FROM (SELECT source_region, aggregated_data ->> 'schema_version' AS version, count(*) AS tenants
                      FROM fleet.cross_region_metadata
                     WHERE destination_region = ? AND payload_version = ? AND data_type = 'tenant_summary'
                     GROUP BY 1, 2) v
             ORDER BY source_region, string_to_array(version, '.')::numeric[] DESC NULLS LAST""";

    private final RegionGuard guard;
    private final RegionCatalog catalog;

    FleetViewReader(RegionGuard guard, RegionCatalog catalog) {
        this.guard = guard;
        this.catalog = catalog;
    }

    /**
     * The fleet view as {@code region} received it.
     *
     * @throws io.tenantfleet.OrchestratorException INVALID_INPUT for a region the catalog does not name,
     *         REGION_UNAVAILABLE when the region cannot be reached
     */
    public FleetView read(String region) {
        catalog.region(region);
        return guard.read(region, connection -> {
            Instant readAt;
            boolean receiving;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT now(), to_regclass('fleet.metadata_allowed_keys') IS NOT NULL"); ResultSet rs = statement.executeQuery()) {
                rs.next();
                readAt = rs.getObject(1, OffsetDateTime.class).toInstant();
                receiving = rs.getBoolean(2); // the table of region SQL V9 comes with its allowlist
            }
            List<FleetViewSource> sources = receiving ? sources(connection, region, readAt) : List.of();
            Set<String> received = sources.stream().map(FleetViewSource::region).collect(Collectors.toSet());
            return new FleetView(region, readAt, receiving, sources,
                    catalog.regions().stream().map(Region::id).filter(id -> !received.contains(id)).toList());
        });
    }

    /** One source per source region, in order of region id. */
    private static List<FleetViewSource> sources(Connection connection, String region, Instant readAt) throws SQLException {
        Map<String, Map<String, Long>> versions = versions(connection, region);
        List<FleetViewSource> sources = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, SOURCES, region); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                sources.add(source(rs, readAt, versions.getOrDefault(rs.getString(1), Map.of())));
            }
        }
        return sources;
    }

    private static FleetViewSource source(ResultSet rs, Instant readAt, Map<String, Long> versions) throws SQLException {
        Instant lastSync = rs.getObject(2, OffsetDateTime.class).toInstant();
        Long tenants = rs.getObject(4, Long.class);
        Map<FleetViewFigure, Long> figures = new EnumMap<>(FleetViewFigure.class);
        FleetViewFigure[] all = FleetViewFigure.values();
        for (int i = 0; i < all.length; i++) {
            Long value = rs.getObject(7 + i, Long.class);
            if (value != null) {
                figures.put(all[i], value);
            }
        }
        Duration age = Duration.between(lastSync, readAt);
        return new FleetViewSource(rs.getString(1), tenants != null ? tenants : rs.getLong(3), versions, figures,
                Optional.ofNullable(rs.getObject(5, LocalDate.class)), rs.getLong(6), lastSync,
                age.isNegative() ? Duration.ZERO : age);
    }

    /** Tenant rows per source region and schema version, newest version first. */
    private static Map<String, Map<String, Long>> versions(Connection connection, String region) throws SQLException {
        Map<String, Map<String, Long>> versions = new HashMap<>();
        try (PreparedStatement statement = prepare(connection, VERSIONS, region); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String version = rs.getString(2);
                versions.computeIfAbsent(rs.getString(1), s -> new LinkedHashMap<>())
                        .put(version == null ? FleetViewSource.UNKNOWN_VERSION : version, rs.getLong(3));
            }
        }
        return versions;
    }

    private static PreparedStatement prepare(Connection connection, String sql, String region) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, region);
        statement.setInt(2, PAYLOAD_VERSION);
        return statement;
    }
}
