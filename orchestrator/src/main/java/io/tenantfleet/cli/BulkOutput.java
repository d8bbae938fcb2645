package io.tenantfleet.cli;

import io.tenantfleet.provisioning.BulkProvisioningService;
import io.tenantfleet.provisioning.BulkRowState;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a bulk onboarding run (text or JSON) and gives its exit code. */
final class BulkOutput {

    private BulkOutput() {
    }

    /** 1 when rows failed or are left, else 2 when rows were refused as bad input, else 0. */
    static int print(BulkProvisioningService.Report report, boolean json, PrintWriter out) {
        if (json) {
            JsonOutput.print(out, json(report));
        } else {
            text(report, out);
        }
        out.flush();
        return report.anyFailed() ? ErrorReporter.FAILED : report.anyInvalid() ? ErrorReporter.BAD_INPUT : 0;
    }

    private static void text(BulkProvisioningService.Report report, PrintWriter out) {
        for (BulkRowState row : report.rows()) {
            if (row.error().isPresent()) {
                out.printf("%s line %d: %s%n", row.state(), row.line(), row.error().get());
            }
        }
        Table table = new Table("REGION", "PROVISIONED", "ALREADY PRESENT", "FAILED", "SKIPPED");
        report.regions().forEach((region, s) -> table.row(region, s.provisioned(), s.present(), s.failed(), s.skipped()));
        table.print(out);
        out.printf("provision run %d (%s): %s, %d rows%s%n", report.run().id(), report.run().source(), report.run().status(),
                report.rows().size(), report.run().reason().map(r -> " - " + r).orElse(""));
    }

    private static Map<String, Object> json(BulkProvisioningService.Report report) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("run", report.run().id());
        document.put("source", report.run().source());
        document.put("status", report.run().status().name());
        document.put("reason", report.run().reason().orElse(null));
        Map<String, Object> regions = new LinkedHashMap<>();
        report.regions().forEach((region, s) -> regions.put(region, Map.of("provisioned", s.provisioned(),
                "already_present", s.present(), "failed", s.failed(), "skipped", s.skipped())));
        document.put("regions", regions);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BulkRowState row : report.rows()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("line", row.line());
            item.put("region", row.region());
            item.put("slug", row.slug());
            item.put("state", row.state());
            item.put("error", row.error().orElse(null));
            item.put("millis", row.millis());
            item.put("attempts", row.attempts());
            rows.add(item);
        }
        document.put("rows", rows);
        return document;
    }
}
