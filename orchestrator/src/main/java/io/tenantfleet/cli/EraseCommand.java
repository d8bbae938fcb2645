package io.tenantfleet.cli;

import io.tenantfleet.retention.DataSubject;
import io.tenantfleet.retention.Erasure;
import io.tenantfleet.retention.ErasureReport;
import io.tenantfleet.tenant.TenantSlug;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erase}: removes a data subject's rows from an organization, honouring legal holds. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erases a data subject (by e-mail, found through the keyed lookup hash) from an organization in",
                "its home region: their rows of every table with a subject column, children first, in one transaction.",
                "Rows under a legal hold (and a user whose rows are held) stay and are reported. Evidence: a summary",
                "audit row and a SUBJECT_ERASED ledger entry with counts only. Subject not found: nothing to erase, exit 0."})
final class EraseCommand extends ContextCommand {

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme_health.")
    String org;

    @Option(names = "--subject", required = true, paramLabel = "EMAIL", description = "The data subject's e-mail address.")
    String email;

    @Option(names = "--dry-run", description = "Print what would be erased and held back; change nothing.")
    boolean dryRun;

    @Mixin
    OutputOption output;

    private DataSubject subject;

    @Override
    void validateBeforeStart() {
        new TenantSlug(org);
        subject = new DataSubject(email);
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        ErasureReport report = context.getBean(Erasure.class).erase(new TenantSlug(org), subject, dryRun);
        if (output.json()) {
            JsonOutput.print(out(), json(report));
            return 0;
        }
        if (report.subjects() == 0) {
            out().printf("no user of %s has that e-mail address: nothing to erase%n", org);
            out().flush();
            return 0;
        }
        String verb = dryRun ? "would erase" : "erased";
        for (ErasureReport.TableOutcome outcome : report.tables()) {
            out().printf("%-20s %s %d row(s), held back %d%n", outcome.table(), verb, outcome.erased(), outcome.held());
        }
        out().printf("%s%s %d row(s) of %d matching user(s) in %s (%s), held back %d; request %s%s%n",
                dryRun ? "dry run: " : "", verb, report.erased(), report.subjects(), org, report.region(), report.held(),
                report.requestId(), dryRun ? "; nothing changed" : "; recorded in the audit log and the region's ledger");
        out().flush();
        return 0;
    }

    private static Map<String, Object> json(ErasureReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("org", report.slug());
        map.put("region", report.region());
        map.put("request_id", report.requestId().toString());
        map.put("dry_run", report.dryRun());
        map.put("subjects", report.subjects());
        map.put("tables", report.tables());
        map.put("erased", report.erased());
        map.put("held", report.held());
        return map;
    }
}
