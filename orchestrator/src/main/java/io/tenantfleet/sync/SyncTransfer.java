package io.tenantfleet.sync;

import java.util.Optional;

/**
 * One transfer of a sync run: a source region's metadata to one destination region.
 *
 * @param state   pending, sent, forbidden (the source's rules keep it from the destination) or failed
 * @param rule    the rule that allowed or forbade it, in one line
 * @param digest  SHA-256 of what the destination holds from the source after the transfer
 */
public record SyncTransfer(String source, String destination, String state, String rule, int tenants, int rowsWritten,
        int rowsRemoved, int suppressedCells, Optional<String> digest, Optional<String> lastError, int attempts) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FORBIDDEN = "forbidden";
    public static final String FAILED = "failed";
}
