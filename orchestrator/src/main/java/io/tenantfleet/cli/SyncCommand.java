package io.tenantfleet.cli;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.sync.SyncService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sync}: sends each region's anonymized metadata to the regions its rules allow. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Sends each source region's anonymized metadata (a fleet job, one partition per region) to every",
                "region its jurisdiction rules allow, itself included: per tenant (a keyed pseudonym, never its id)",
                "counts of users, records and results, schema version, size and day of last activity, and a summary",
                "of the region. Counts under the catalog's k-threshold (sync.k_threshold, default 5) are left out,",
                "with complementary cells. A destination down is retried, then skipped; the next run catches up.",
                "--dry-run prints what each destination would receive and changes nothing.",
                "Exit 1 when a transfer was not sent ('sync resume RUN' or the next run catches up)."},
        subcommands = {SyncStatusCommand.class, SyncResumeCommand.class})
final class SyncCommand extends ContextCommand {

    @Option(names = "--dry-run", description = "Print what each destination would receive; send nothing.")
    boolean dryRun;

    @Option(names = "--regions", split = ",", paramLabel = "ID", description = "Only these source regions (default: all).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run: threads of this process or 'orchestrator worker' processes (default: ${DEFAULT-VALUE}).")
    String workers;

    @Mixin
    OutputOption output;

    @Override
    void validateBeforeStart() {
        Workers.parse(workers);
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        SyncService service = context.getBean(SyncService.class);
        boolean json = output.json();
        if (dryRun) {
            List<SyncService.Preview> previews = service.preview(regions);
            if (json) {
                JsonOutput.print(out(), SyncJson.preview(previews));
            } else {
                SyncJson.printPreview(previews, out());
            }
            out().flush();
            return previews.stream().anyMatch(p -> p.problem().isPresent()) ? ErrorReporter.FAILED : 0;
        }
        return SyncStatusCommand.report(service, service.run(regions, Workers.parse(workers)), json, out());
    }
}
