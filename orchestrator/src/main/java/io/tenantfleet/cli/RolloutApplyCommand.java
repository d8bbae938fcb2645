package io.tenantfleet.cli;

import io.tenantfleet.rollout.RolloutPlan;
import io.tenantfleet.rollout.RolloutRun;
import io.tenantfleet.rollout.RolloutService;
import java.io.Console;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rollout apply}: runs the rollout job. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Applies pending template migrations: the canary wave first (if it fails nothing else is touched),",
                "then waves in catalog order, regions in parallel, each limited by --parallel-per-region. A wave whose",
                "failures pass --max-failures halts the rollout. Production regions need --confirm with the token",
                "'rollout plan' prints (on a terminal you may type it instead). Exit 1 when halted or incomplete."})
final class RolloutApplyCommand extends ContextCommand {

    @Mixin
    RolloutSelection selection;

    @Option(names = "--confirm", paramLabel = "TOKEN", description = "The confirmation token from 'rollout plan' (prod regions).")
    String confirm;

    @Override
    void validateBeforeStart() {
        selection.options(Optional.ofNullable(confirm));
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        RolloutService service = context.getBean(RolloutService.class);
        Optional<String> token = Optional.ofNullable(confirm);
        Console console = System.console();
        if (token.isEmpty() && console != null) {
            RolloutPlan plan = service.plan(selection.options(Optional.empty()));
            if (plan.confirmationToken().isPresent()) {
                RolloutPlanCommand.print(plan, out());
                String typed = console.readLine("Type %s to proceed: ", plan.confirmationToken().get());
                token = Optional.ofNullable(typed).map(String::trim);
            }
        }
        try (LiveProgress progress = LiveProgress.rollout(context, console != null, spec.commandLine().getErr())) {
            Optional<RolloutRun> run = service.apply(selection.options(token));
            if (run.isEmpty()) {
                out().println("nothing to migrate: every reachable tenant schema is current");
                out().flush();
                return 0;
            }
            return RolloutStatusCommand.summarize(service, run.get(), out());
        }
    }
}
