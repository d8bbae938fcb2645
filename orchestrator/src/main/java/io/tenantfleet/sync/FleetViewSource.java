package io.tenantfleet.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one source region sent to the region the view was read from, as received.
 *
 * @param region the source region's id (as the sender wrote it; it may no longer be in the catalog)
 * @param tenants its tenants: the region summary's count, or the tenant rows received when no summary was
 * @param versions tenant rows per schema version, newest version first; {@code unknown} last for rows without one
 * @param figures the region summary's counts; a figure that is absent was suppressed by the sender
 * @param lastActivity the day of the latest change in the source region, if any
 * @param suppressedCells how many counts the sender left out of its region summary
 * @param lastSync when the source region's latest sync run reached this region
 * @param lastSyncAge how long before the view was read that was (never negative)
 */
public record FleetViewSource(String region, long tenants, Map<String, Long> versions, Map<FleetViewFigure, Long> figures,
        Optional<LocalDate> lastActivity, long suppressedCells, Instant lastSync, Duration lastSyncAge) {

    /** The version of tenant rows that carry no schema version. */
    public static final String UNKNOWN_VERSION = "unknown";

    public FleetViewSource {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        figures = figures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(figures));
    }

    /** The figure as received, or empty when the sender suppressed it. */
    public OptionalLong figure(FleetViewFigure figure) {
        Long value = figures.get(figure);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
