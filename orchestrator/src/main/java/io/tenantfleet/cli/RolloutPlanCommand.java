package io.tenantfleet.cli;

import io.tenantfleet.rollout.PlannedTenant;
import io.tenantfleet.rollout.RegionPlan;
import io.tenantfleet.rollout.RolloutJson;
import io.tenantfleet.rollout.RolloutPlan;
import io.tenantfleet.rollout.RolloutService;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rollout plan}: a dry run. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Dry run: per region, the tenants pending, their versions, the waves they would run in and the SQL",
                "files each would get, and the servers that would be touched. Changes nothing."})
final class RolloutPlanCommand extends ContextCommand {

    @Mixin
    RolloutSelection selection;

    @Mixin
    OutputOption output;

    @Override
    void validateBeforeStart() {
        selection.options(Optional.empty());
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        RolloutPlan plan = context.getBean(RolloutService.class).plan(selection.options(Optional.empty()));
        if (output.json()) {
            JsonOutput.print(out(), RolloutJson.plan(plan));
        } else {
            print(plan, out());
        }
        return 0;
    }

    static void print(RolloutPlan plan, PrintWriter out) {
        out.printf("rollout plan to version %s (%d migration files in the template up to it)%n", plan.target(),
                plan.migrations().size());
        Table table = new Table("REGION", "TIER", "SERVER", "TENANTS", "VERSIONS", "PENDING", "WAVES", "NOTE");
        for (RegionPlan region : plan.regions()) {
            String versions = region.versions().entrySet().stream().map(e -> "v" + e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
            Map<Integer, Long> waves = new TreeMap<>(region.pending().stream()
                    .collect(Collectors.groupingBy(PlannedTenant::wave, Collectors.counting())));
            String waveText = waves.entrySet().stream().map(e -> (e.getKey() == 0 ? "canary" : "w" + e.getKey()) + ":"
                    + e.getValue()).collect(Collectors.joining(" "));
            table.row(region.region().id(), region.region().tier().label(), region.server(), region.tenants(),
                    versions.isEmpty() ? "-" : versions, region.pending().size(), waveText.isEmpty() ? "-" : waveText,
                    region.unreachable().map(e -> "UNREACHABLE: " + e).orElse(region.notes().isEmpty() ? ""
                            : region.notes().size() + " left out"));
        }
        table.print(out);
        Map<String, Long> byFrom = plan.pending().stream()
                .collect(Collectors.groupingBy(t -> t.from().text(), TreeMap::new, Collectors.counting()));
        byFrom.forEach((from, count) -> out.printf("  %d tenant(s) at v%s get: %s%n", count, from,
                String.join(", ", plan.filesFrom(io.tenantfleet.rollout.TemplateVersion.parse(from)))));
        plan.regions().forEach(r -> r.notes().forEach(note -> out.printf("  note %s: %s%n", r.region().id(), note)));
        if (plan.pendingCount() == 0) {
            out.println("nothing pending: every reachable tenant schema is at version " + plan.target() + " or later");
        } else {
            out.printf("%d tenant(s) pending in %d wave(s)%n", plan.pendingCount(), plan.waves());
        }
        plan.confirmationToken().ifPresent(token -> out.println("production regions would be touched; to apply, pass "
                + "--confirm " + token));
        out.flush();
    }
}
