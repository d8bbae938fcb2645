package io.tenantfleet.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options every command takes, before or after the command name: which catalog, where embedded
 * servers keep their data, and how much to print.
 */
public final class GlobalOptions {

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "Region catalog YAML (default: the bundled region-config/local.yml, embedded regions).")
    private Path catalog;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where embedded PostgreSQL servers keep their data and the local master key "
                    + "(default: $TENANT_FLEET_HOME or ~/.tenant-fleet).")
    private Path dataDir;

    @Option(names = "--verbose", description = "Print stack traces and debug lines on stderr (default: one line per event).")
    private boolean verbose;

    /** These options, with any that were not given taken from {@code outer} (the root command's). */
    GlobalOptions orElse(GlobalOptions outer) {
        GlobalOptions merged = new GlobalOptions();
        merged.catalog = catalog != null ? catalog : outer.catalog;
        merged.dataDir = dataDir != null ? dataDir : outer.dataDir;
        merged.verbose = verbose || outer.verbose;
        return merged;
    }

    public Optional<Path> catalog() {
        return Optional.ofNullable(catalog);
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Stack traces and debug lines instead of one line per event. */
    public boolean verbose() {
        return verbose;
    }
}
