package io.tenantfleet.retention;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of a tenant's {@code legal_holds}: the whole tenant (no table), a table (no record) or one
 * row, active while not released and not past {@code heldUntil}.
 */
public record LegalHold(String slug, UUID id, Optional<String> table, Optional<String> recordId, String reason,
        String placedBy, Instant placedAt, Optional<Instant> heldUntil, Optional<Instant> releasedAt,
        Optional<String> releasedBy) {

    /** Where a hold stands. */
    public enum State {
        ACTIVE, RELEASED, EXPIRED
    }

    public State state(Instant now) {
        if (releasedAt.isPresent()) {
            return State.RELEASED;
        }
        return heldUntil.filter(until -> !until.isAfter(now)).isPresent() ? State.EXPIRED : State.ACTIVE;
    }

    /** What the hold covers, e.g. {@code whole tenant}, {@code users}, {@code users/9f0c...}. */
    public String scope() {
        return table.map(t -> recordId.map(id -> t + "/" + id).orElse(t)).orElse("whole tenant");
    }
}
