package io.tenantfleet.cli;

import io.tenantfleet.sync.SyncRun;
import io.tenantfleet.sync.SyncService;
import io.tenantfleet.sync.SyncTransfer;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sync status [RUN]}: what a sync run sent where, withheld, or could not send. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per transfer of a sync run (default: the latest): source, destination, state (sent, forbidden, "
                + "failed, pending), the rule that allowed or forbade it, tenants, rows written and removed, cells "
                + "suppressed, and the digest of what the destination holds. Exit 1 when the run is not complete.")
final class SyncStatusCommand extends ContextCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Sync run id (default: the latest).")
    Long runId;

    @Mixin
    OutputOption output;

    @Override
    int run(ConfigurableApplicationContext context) {
        SyncService service = context.getBean(SyncService.class);
        return report(service, service.find(Optional.ofNullable(runId)), output.json(), out());
    }

    /** Prints a run per transfer and its summary; returns the exit code its status means. */
    static int report(SyncService service, SyncRun run, boolean json, PrintWriter out) {
        List<SyncTransfer> transfers = service.transfers(run.id());
        if (json) {
            JsonOutput.print(out, SyncJson.status(run, transfers));
        } else {
            Table table = new Table("SOURCE", "DESTINATION", "STATE", "TENANTS", "WRITTEN", "REMOVED", "SUPPRESSED",
                    "DIGEST", "NOTE");
            for (SyncTransfer t : transfers) {
                table.row(t.source(), t.destination(), t.state(), t.tenants(), t.rowsWritten(), t.rowsRemoved(),
                        t.suppressedCells(), t.digest().map(d -> d.substring(0, 12)).orElse("-"),
                        t.lastError().orElse(t.state().equals(SyncTransfer.FORBIDDEN) ? t.rule() : ""));
            }
            table.print(out);
            out.printf("sync run %d: %s, %d sent, %d forbidden, %d not sent (k-threshold %d, key %s)%s%n", run.id(),
                    run.status(), count(transfers, SyncTransfer.SENT), count(transfers, SyncTransfer.FORBIDDEN),
                    count(transfers, SyncTransfer.FAILED) + count(transfers, SyncTransfer.PENDING), run.kThreshold(),
                    run.keyFingerprint(), run.reason().map(r -> " - " + r).orElse(""));
        }
        out.flush();
        return run.status().isSuccessful() ? 0 : ErrorReporter.FAILED;
    }

    private static long count(List<SyncTransfer> transfers, String state) {
        return transfers.stream().filter(t -> t.state().equals(state)).count();
    }
}
