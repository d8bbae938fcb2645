package io.tenantfleet.cli;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.rollout.DriftDetector;
import io.tenantfleet.rollout.DriftReport;
import io.tenantfleet.text.Table;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drift}: tenant schemas that differ from the template at their version. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Reports tenant schemas whose flyway_schema_history or structure differs from the tenant template at",
                "their version (e.g. a column dropped by hand), or, from template version 3 on, that have a table retention_map",
                "does not map. Exit 0 when none drifted, 1 when some did.",
                "With --verbose every difference is listed, not only the first three per tenant."})
final class DriftCommand extends ContextCommand {

    @Option(names = "--regions", split = ",", paramLabel = "ID", description = "Only these regions (default: all).")
    List<String> regions = new ArrayList<>();

    @Override
    int run(ConfigurableApplicationContext context) {
        RegionCatalog catalog = context.getBean(RegionCatalog.class);
        DriftDetector detector = context.getBean(DriftDetector.class);
        List<String> ids = regions.isEmpty() ? catalog.regions().stream().map(Region::id).toList() : regions;
        ids.forEach(catalog::region);
        Table table = new Table("ORG", "REGION", "VERSION", "DRIFT", "FIRST DIFFERENCES");
        int drifted = 0;
        int checked = 0;
        for (String region : ids) {
            for (DriftReport report : detector.inspect(region)) {
                checked++;
                if (report.drifted()) {
                    drifted++;
                    List<String> shown = global.verbose() ? report.differences() : report.differences().stream().limit(3).toList();
                    table.row(report.slug(), report.region(), report.version(), report.differences().size(), String.join(" | ", shown));
                }
            }
        }
        table.print(out());
        out().printf("%d of %d tenant schema(s) drifted from the template%n", drifted, checked);
        out().flush();
        return drifted == 0 ? 0 : ErrorReporter.FAILED;
    }
}
