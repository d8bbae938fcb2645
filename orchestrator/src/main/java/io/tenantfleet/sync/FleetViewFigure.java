package io.tenantfleet.sync;

import java.util.Locale;

/**
 * A count of a region summary in {@code cross_region_metadata} that the fleet view shows: its key in
 * the payload is the constant's name in lower case ({@code users_active}, ...). The sender leaves a
 * count out of the payload when it was under the k-threshold (or the complement of one that was):
 * the view then shows it as suppressed, never as 0.
 */
public enum FleetViewFigure {
    USERS_ACTIVE, USERS_DELETED,
    RECORDS_DRAFT, RECORDS_IN_PROGRESS, RECORDS_COMPLETED, RECORDS_ARCHIVED,
    RESULTS_CRITICAL, RESULTS_HIGH, RESULTS_MEDIUM, RESULTS_LOW,
    STORAGE_BYTES;

    /** The key in the payload and in {@code orchestrator fleet --output json}: {@code records_in_progress}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the four assessment states {@code records_*}. */
    public boolean isRecords() {
        return name().startsWith("RECORDS_");
    }
}
