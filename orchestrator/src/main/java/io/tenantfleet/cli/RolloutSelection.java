package io.tenantfleet.cli;

import io.tenantfleet.rollout.Amount;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.rollout.RolloutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code rollout plan} and {@code rollout apply} share. */
final class RolloutSelection {

    @Option(names = "--to", paramLabel = "VERSION", description = "Template version to reach (default: the latest).")
    String to;

    @Option(names = "--regions", split = ",", paramLabel = "ID", description = "Only these regions (default: all, in catalog order).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--canary", paramLabel = "N", defaultValue = "1",
            description = "Tenants in the canary wave, one per region in turn (default: ${DEFAULT-VALUE}).")
    int canary;

    @Option(names = "--canary-tenants", split = ",", paramLabel = "SLUG", description = "Exactly these tenants form the canary wave.")
    List<String> canaryTenants = new ArrayList<>();

    @Option(names = "--wave-size", paramLabel = "N|P%", defaultValue = "25%",
            description = "Tenants per region per wave, as a count or a share of the region (default: ${DEFAULT-VALUE}).")
    String waveSize;

    @Option(names = "--max-failures", paramLabel = "N|P%", defaultValue = "0",
            description = "Failures a wave may have before the rollout halts (default: ${DEFAULT-VALUE}).")
    String maxFailures;

    @Option(names = "--parallel-per-region", paramLabel = "N", defaultValue = "2",
            description = "Concurrent migrations per region, the region's bulkhead (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Tenants per round trip and commit, each migrated in a subtransaction of its own; "
                    + "1 commits every tenant alone (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run: threads of this process, or 'orchestrator worker' processes that share "
                    + "the control plane (default: ${DEFAULT-VALUE}).")
    String workers;

    RolloutOptions options(Optional<String> confirm) {
        return new RolloutOptions(Optional.ofNullable(to), canary, canaryTenants, Amount.parse("--wave-size", waveSize),
                Amount.parse("--max-failures", maxFailures), parallel, regions, confirm, batchSize, Workers.parse(workers));
    }
}
