package io.tenantfleet.cli;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.rollout.DriftDetector;
import io.tenantfleet.rollout.DriftReport;
import io.tenantfleet.rollout.RolloutJson;
import io.tenantfleet.text.Table;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drift}: tenant schemas that differ from the template at their version. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Reports tenant schemas whose flyway_schema_history or structure differs from the tenant template at",
                "their version (e.g. a column dropped by hand), or, from template version 3 on, that have a table retention_map",
                "does not map. Exit 0 when none drifted, 1 when some did.",
                "With --verbose every difference is listed, not only the first three per tenant (JSON lists them all)."})
final class DriftCommand extends ContextCommand {

    @Option(names = "--regions", split = ",", paramLabel = "ID", description = "Only these regions (default: all).")
    List<String> regions = new ArrayList<>();

    @Mixin
    OutputOption output;

    @Override
    int run(ConfigurableApplicationContext context) {
        RegionCatalog catalog = context.getBean(RegionCatalog.class);
        DriftDetector detector = context.getBean(DriftDetector.class);
        List<String> ids = regions.isEmpty() ? catalog.regions().stream().map(Region::id).toList() : regions;
        ids.forEach(catalog::region);
        List<DriftReport> reports = ids.stream().flatMap(region -> detector.inspect(region).stream()).toList();
        List<DriftReport> drifted = reports.stream().filter(DriftReport::drifted).toList();
        if (output.json()) {
            JsonOutput.print(out(), RolloutJson.drift(ids, reports));
        } else {
            Table table = new Table("ORG", "REGION", "VERSION", "DRIFT", "FIRST DIFFERENCES");
            for (DriftReport report : drifted) {
                List<String> shown = global.verbose() ? report.differences() : report.differences().stream().limit(3).toList();
                table.row(report.slug(), report.region(), report.version(), report.differences().size(), String.join(" | ", shown));
            }
            table.print(out());
            out().printf("%d of %d tenant schema(s) drifted from the template%n", drifted.size(), reports.size());
            out().flush();
        }
        return drifted.isEmpty() ? 0 : ErrorReporter.FAILED;
    }
}
