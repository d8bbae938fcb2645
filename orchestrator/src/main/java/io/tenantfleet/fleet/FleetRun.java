package io.tenantfleet.fleet;

import java.time.OffsetDateTime;

/** A run of any kind as its ledger records it, as far as the engine and {@link KindRuns} read it. */
public interface FleetRun {

    long id();

    RunStatus status();

    /** The process that started the run, {@code host (pid N)}. */
    String owner();

    OffsetDateTime createdAt();
}
