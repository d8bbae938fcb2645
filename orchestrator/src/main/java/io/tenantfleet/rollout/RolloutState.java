package io.tenantfleet.rollout;

import java.util.Locale;

/**
 * A tenant's state in a rollout's ledger ({@code rollout_tenant.state}, whose check constraint
 * lists the same names in lower case).
 */
public enum RolloutState {
    /** Not tried yet in this run, or left by a region outage. */
    PENDING,
    /** Its partition is working on it (or was, when its process died). */
    MIGRATING,
    /** At the target version. */
    DONE,
    /** Its migration failed; the error is recorded. A resume tries it again. */
    FAILED,
    /** Locked by provisioning or another rollout when its turn came; a resume tries it again. */
    SKIPPED;

    /** The name stored in the ledger and shown to operators. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RolloutState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Still to do in this run: the run is not finished while a tenant is in such a state. */
    public boolean isLeft() {
        return this == PENDING || this == MIGRATING || this == SKIPPED;
    }

    @Override
    public String toString() {
        return label();
    }
}
