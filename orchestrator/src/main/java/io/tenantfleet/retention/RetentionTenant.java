package io.tenantfleet.retention;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One tenant of a retention run: its state and what its purge removed, anonymized, pruned, held
 * back and left (counts only), with the tables it found unmapped.
 */
public record RetentionTenant(UUID tenantId, String slug, String region, int lane, String state, long removed,
        long anonymized, long pruned, long held, long left, List<String> unmapped, Optional<String> cutoffs,
        Optional<String> lastError, Optional<Integer> durationMs) {

    public RetentionTenant {
        unmapped = List.copyOf(unmapped);
    }

    public boolean isDone() {
        return "done".equals(state);
    }
}
