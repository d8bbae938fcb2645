package io.tenantfleet.cli;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.retention.Cutoffs;
import io.tenantfleet.retention.RetentionDryRun;
import io.tenantfleet.retention.RetentionOptions;
import io.tenantfleet.retention.RetentionRun;
import io.tenantfleet.retention.RetentionService;
import io.tenantfleet.retention.TableCounts;
import io.tenantfleet.text.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code retention run}: purges what each tenant's retention policy says must go. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Per tenant: hard-deletes rows soft-deleted longer than the grace period, deletes or anonymizes",
                "rows past their category's retention, and prunes audit rows past their maximum (the chain keeps an",
                "anchor). Children before parents, in short batched transactions; rows under a legal hold are never",
                "touched and are reported. Evidence goes to each tenant's audit chain and its region's ledger.",
                "--dry-run prints per tenant and table the cut-off and the rows that would go, and changes nothing.",
                "Exit 1 when the run is incomplete (a region down, a failure): 'retention resume RUN' continues it."})
final class RetentionRunCommand extends ContextCommand {

    @Option(names = "--dry-run", description = "Print what would go and what is held; change nothing.")
    boolean dryRun;

    @Option(names = "--regions", split = ",", paramLabel = "ID", description = "Only these regions (default: all).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--orgs", split = ",", paramLabel = "SLUG", description = "Only these organizations (default: all ACTIVE).")
    List<String> orgs = new ArrayList<>();

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + RetentionOptions.DEFAULT_BATCH,
            description = "Most rows per transaction; it shrinks on its own to keep row locks short (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--grace-days", paramLabel = "N", description = "Soft-deleted rows are hard-deleted after this many "
            + "days, in every region (default: each region's soft_delete_grace_days in the catalog, 30 unless set).")
    Integer graceDays;

    @Option(names = "--parallel-per-region", paramLabel = "N", defaultValue = "1",
            description = "Tenants purged at once per region (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run: threads of this process or 'orchestrator worker' processes (default: ${DEFAULT-VALUE}).")
    String workers;

    @Mixin
    OutputOption output;

    private RetentionOptions options() {
        return new RetentionOptions(regions, orgs, batchSize, Optional.ofNullable(graceDays), parallel, Workers.parse(workers));
    }

    @Override
    void validateBeforeStart() {
        options();
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        boolean json = output.json();
        if (dryRun) {
            List<RetentionDryRun.TenantPreview> previews = context.getBean(RetentionDryRun.class).preview(options());
            if (json) {
                JsonOutput.print(out(), RetentionJson.preview(previews));
            } else {
                printPreview(previews);
            }
            out().flush();
            return previews.stream().anyMatch(p -> p.problem().isPresent()) ? ErrorReporter.FAILED : 0;
        }
        RetentionService service = context.getBean(RetentionService.class);
        Optional<RetentionRun> run;
        try (LiveProgress progress = LiveProgress.retention(context, System.console() != null, spec.commandLine().getErr())) {
            run = service.run(options());
        }
        if (run.isEmpty()) {
            out().println("no ACTIVE tenant matches; nothing to purge");
            out().flush();
            return 0;
        }
        return RetentionStatusCommand.report(service, run.get(), false, json, out());
    }

    private void printPreview(List<RetentionDryRun.TenantPreview> previews) {
        Table table = new Table("ORG", "REGION", "TABLE", "CATEGORY", "CUT-OFF", "WOULD GO", "ANONYMIZE", "HELD");
        long total = 0;
        long held = 0;
        for (RetentionDryRun.TenantPreview preview : previews) {
            if (preview.problem().isPresent()) {
                table.row(preview.tenant().slug(), preview.tenant().homeRegion(), "-", "-", "-", "-", "-",
                        "not checked: " + preview.problem().get());
                continue;
            }
            Cutoffs cutoffs = preview.cutoffs().orElseThrow();
            for (TableCounts counts : preview.result().orElseThrow().tables()) {
                table.row(preview.tenant().slug(), preview.tenant().homeRegion(), counts.table(), counts.category(),
                        cutoffs.of(counts.category()).map(i -> i.toString().substring(0, 10)).orElse("none"),
                        counts.removed(), counts.anonymized(), counts.held());
                total += counts.removed() + counts.anonymized();
                held += counts.held();
            }
            long prunable = preview.result().orElseThrow().pruned();
            table.row(preview.tenant().slug(), preview.tenant().homeRegion(), "audit_log", "audit_records",
                    cutoffs.audit().map(i -> i.toString().substring(0, 10)).orElse("none"), prunable, 0, "-");
            preview.unmapped().forEach(t -> table.row(preview.tenant().slug(), preview.tenant().homeRegion(), t,
                    "UNMAPPED", "-", "-", "-", "-"));
        }
        table.print(out());
        out().printf("dry run: %d rows would go or be anonymized, %d held back by legal holds; nothing was changed "
                + "(soft-deleted rows go after %s)%n", total, held, graces(previews));
    }

    /** The grace of each region previewed, e.g. {@code 30 days (eu-central, us-east), 7 days (japan-east)}. */
    private static String graces(List<RetentionDryRun.TenantPreview> previews) {
        Map<Integer, Set<String>> regions = new TreeMap<>();
        previews.forEach(p -> regions.computeIfAbsent(p.graceDays(), d -> new TreeSet<>()).add(p.tenant().homeRegion()));
        return regions.entrySet().stream().map(e -> e.getKey() + " days (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }
}
