package io.tenantfleet.cli;

import io.tenantfleet.fleet.Workers;
import picocli.CommandLine.Option;

/** A {@code <kind> resume RUN} command of a fleet job: where the restarted partitions run. */
abstract class ResumeCommand extends ContextCommand {

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run (default: ${DEFAULT-VALUE}).")
    String workers;

    @Override
    void validateBeforeStart() {
        Workers.parse(workers);
    }

    Workers workers() {
        return Workers.parse(workers);
    }
}
