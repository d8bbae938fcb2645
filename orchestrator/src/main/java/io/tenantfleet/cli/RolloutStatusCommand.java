package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.rollout.RolloutJson;
import io.tenantfleet.rollout.RolloutRun;
import io.tenantfleet.rollout.RolloutState;
import io.tenantfleet.rollout.RolloutService;
import io.tenantfleet.rollout.RolloutTenant;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rollout status [RUN]}: the per-tenant ledger of a run. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The per-tenant ledger of a rollout run (default: the latest): version, state, last error, duration.",
                "--output json lists every tenant (as --all does) with the per-region summary."})
final class RolloutStatusCommand extends ContextCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Rollout run id (default: the latest).")
    Long runId;

    @Option(names = "--all", description = "List every tenant, not only those that are not done.")
    boolean all;

    @Mixin
    OutputOption output;

    @Override
    int run(ConfigurableApplicationContext context) {
        RolloutService service = context.getBean(RolloutService.class);
        RolloutRun run = service.run(Optional.ofNullable(runId)).orElseThrow(() -> new OrchestratorException(
                ErrorCode.INVALID_INPUT, runId == null ? "no rollout has run yet; see 'rollout plan'"
                        : "no rollout run " + runId + "; see 'rollout status' for the latest run"));
        List<RolloutTenant> tenants = service.tenants(run.id());
        if (output.json()) {
            JsonOutput.print(out(), RolloutJson.run(run, tenants));
            return 0;
        }
        Table table = new Table("ORG", "REGION", "WAVE", "FROM", "TO", "STATE", "MS", "ERROR");
        for (RolloutTenant tenant : tenants) {
            if (all || tenant.state() != RolloutState.DONE) {
                table.row(tenant.slug(), tenant.region(), tenant.wave(), tenant.fromVersion(), tenant.toVersion(),
                        tenant.state(), tenant.durationMs().map(String::valueOf).orElse("-"), tenant.lastError().orElse(""));
            }
        }
        table.print(out());
        summarize(service, run, out());
        return 0;
    }

    /** Prints a run's summary per region; returns the exit code its status means. */
    static int summarize(RolloutService service, RolloutRun run, PrintWriter out) {
        Map<String, Map<RolloutState, Integer>> byRegion = RolloutTenant.countsByRegion(service.tenants(run.id()));
        Table table = new Table("REGION", "DONE", "FAILED", "PENDING", "SKIPPED", "MIGRATING");
        byRegion.forEach((region, counts) -> table.row(region, counts.getOrDefault(RolloutState.DONE, 0),
                counts.getOrDefault(RolloutState.FAILED, 0), counts.getOrDefault(RolloutState.PENDING, 0),
                counts.getOrDefault(RolloutState.SKIPPED, 0), counts.getOrDefault(RolloutState.MIGRATING, 0)));
        table.print(out);
        out.printf("rollout %d to version %s: %s%s%n", run.id(), run.targetVersion(), run.status(),
                run.haltReason().map(r -> " - " + r).orElse(""));
        if (!run.status().isSuccessful()) {
            out.printf("continue it with: rollout resume %d%n", run.id());
        }
        out.flush();
        return run.status().isSuccessful() ? 0 : ErrorReporter.FAILED;
    }
}
