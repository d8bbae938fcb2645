package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.residency.ReportCsv;
import io.tenantfleet.residency.ReportHtml;
import io.tenantfleet.residency.RegionCheck;
import io.tenantfleet.residency.ReportText;
import io.tenantfleet.residency.ResidencyJson;
import io.tenantfleet.residency.ResidencyReport;
import io.tenantfleet.residency.ResidencyService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code residency report}: checks every region's server and prints or writes the report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Checks each region (a fleet job, one partition per region) and the control plane against the",
                "residency rules RES-01..RES-09, each finding with its evidence (server, object, query, what it",
                "returned, when, catalog digest). The report carries an id, the catalog digest, each region's",
                "ledger head and a SHA-256 digest, and is recorded in each region's ledger.",
                "Exit 0: every region checked, nothing found; 3: findings; 1: a region could not be checked."})
final class ResidencyReportCommand extends ContextCommand {

    /** The report's formats. */
    enum Format { text, json, csv, html }

    @Option(names = "--format", paramLabel = "text|json|csv|html", defaultValue = "text",
            description = "text: tables for a terminal; json: the versioned document (its JSON Schema ships with the "
                    + "orchestrator); csv: one row per finding; html: one self-contained file (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to this new file instead of stdout "
            + "(an existing file is never overwritten).")
    Path out;

    @Option(names = "--regions", split = ",", paramLabel = "ID", description = "Only these regions (default: all).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "Where partitions run (default: ${DEFAULT-VALUE}).")
    String workers;

    @Override
    void validateBeforeStart() {
        Workers.parse(workers);
        if (out != null) {
            SecretFile.checkNew(out);
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        ResidencyService.Made made = context.getBean(ResidencyService.class).report(regions, Workers.parse(workers));
        ResidencyReport report = made.report();
        String rendered = switch (format) {
            case text -> ReportText.render(report);
            case json -> ResidencyJson.toJson(report);
            case csv -> ReportCsv.render(report);
            case html -> ReportHtml.render(report);
        };
        if (out == null) {
            out().print(rendered);
        } else {
            try {
                Files.writeString(out, rendered, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            } catch (IOException e) {
                throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot write --out " + out + ": " + e
                        + "; the report " + report.reportId() + " is recorded in the ledgers: run the report again "
                        + "with another --out", e);
            }
            long unknown = report.regions().stream().filter(r -> !r.status().equals(RegionCheck.CHECKED)).count();
            out().printf("residency report %s written to %s (%s): %d regions checked, %d unknown, %d findings; digest %s%n",
                    report.reportId(), out, format, report.regions().size() - unknown, unknown, report.findings().size(),
                    report.digest());
        }
        out().flush();
        return made.exitCode();
    }
}
