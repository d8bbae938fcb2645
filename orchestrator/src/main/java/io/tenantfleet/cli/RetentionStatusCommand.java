package io.tenantfleet.cli;

import io.tenantfleet.retention.RetentionRun;
import io.tenantfleet.retention.RetentionService;
import io.tenantfleet.retention.RetentionTenant;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code retention status [RUN]}: what a retention run removed, held and left, per tenant. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per tenant of a retention run (default: the latest): rows removed, anonymized, audit rows pruned, "
                + "rows held back by legal holds, rows left, unmapped tables and errors. Exit 1 when the run is not complete.")
final class RetentionStatusCommand extends ContextCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Retention run id (default: the latest).")
    Long runId;

    @Option(names = "--all", description = "List every tenant, not only those with something removed, held, left or failed.")
    boolean all;

    @Mixin
    OutputOption output;

    @Override
    int run(ConfigurableApplicationContext context) {
        RetentionService service = context.getBean(RetentionService.class);
        RetentionRun run = service.find(Optional.ofNullable(runId));
        return report(service, run, all, output.json(), out());
    }

    /** Prints a run per tenant and its summary; returns the exit code its status means. */
    static int report(RetentionService service, RetentionRun run, boolean all, boolean json, PrintWriter out) {
        List<RetentionTenant> tenants = service.tenants(run.id());
        if (json) {
            JsonOutput.print(out, RetentionJson.status(run, tenants));
        } else {
            Table table = new Table("ORG", "REGION", "STATE", "REMOVED", "ANONYMIZED", "AUDIT PRUNED", "HELD", "LEFT", "NOTE");
            for (RetentionTenant t : tenants) {
                boolean notable = !t.isDone() || t.removed() + t.anonymized() + t.pruned() + t.held() + t.left() > 0
                        || !t.unmapped().isEmpty();
                if (all || notable) {
                    String note = t.lastError().orElse(t.unmapped().isEmpty() ? ""
                            : "unmapped tables (neither kept nor purged): " + String.join(", ", t.unmapped()));
                    table.row(t.slug(), t.region(), t.state(), t.removed(), t.anonymized(), t.pruned(), t.held(), t.left(), note);
                }
            }
            table.print(out);
            out.printf("retention run %d: %s, %d tenants: %d rows removed, %d anonymized, %d audit rows pruned, "
                    + "%d held back by legal holds, %d left%s%n", run.id(), run.status(), tenants.size(),
                    tenants.stream().mapToLong(RetentionTenant::removed).sum(),
                    tenants.stream().mapToLong(RetentionTenant::anonymized).sum(),
                    tenants.stream().mapToLong(RetentionTenant::pruned).sum(),
                    tenants.stream().mapToLong(RetentionTenant::held).sum(),
                    tenants.stream().mapToLong(RetentionTenant::left).sum(), run.reason().map(r -> " - " + r).orElse(""));
        }
        out.flush();
        return run.status().isSuccessful() ? 0 : ErrorReporter.FAILED;
    }
}
