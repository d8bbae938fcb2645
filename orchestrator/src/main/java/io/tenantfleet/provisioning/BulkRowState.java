package io.tenantfleet.provisioning;

import java.util.Optional;

/**
 * One row of a bulk run as its ledger records it (no display name).
 *
 * @param region the row's region, or {@code "-"} when it named none the catalog knows
 * @param state  pending, building, provisioned, present (already ACTIVE), failed or invalid
 */
public record BulkRowState(int line, String region, String slug, String state, Optional<String> error, int millis,
        int attempts) {

    public static final String PENDING = "pending";
    public static final String BUILDING = "building";
    public static final String PROVISIONED = "provisioned";
    public static final String PRESENT = "present";
    public static final String FAILED = "failed";
    public static final String INVALID = "invalid";

    /** True when the run still has this row to do (resume retries it). */
    public boolean open() {
        return state.equals(PENDING) || state.equals(BUILDING) || state.equals(FAILED);
    }
}
