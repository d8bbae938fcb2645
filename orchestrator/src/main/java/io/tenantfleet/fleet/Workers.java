package io.tenantfleet.fleet;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.Locale;

/** Where a fleet job's partitions run. */
public enum Workers {
    /** Threads of this process. */
    LOCAL,
    /** {@code orchestrator worker} processes, through the control plane's partition queue. */
    REMOTE;

    /** From the command line ({@code local} or {@code remote}), or a bad-input error. */
    public static Workers parse(String text) {
        for (Workers workers : values()) {
            if (workers.name().toLowerCase(Locale.ROOT).equals(text)) {
                return workers;
            }
        }
        throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --workers '" + text + "'; use local or remote");
    }
}
