package io.tenantfleet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works inside the orchestrator's application context. */
abstract class ContextCommand implements Callable<Integer> {

    Contexts contexts;

    @Mixin
    GlobalOptions options = new GlobalOptions();

    @Spec
    CommandSpec spec;

    /** This command's global options merged with the root command's; set when the command runs. */
    GlobalOptions global;

    @Override
    public final Integer call() {
        validateBeforeStart();
        global = options.orElse(((OrchestratorCommand) spec.root().userObject()).global);
        try (ConfigurableApplicationContext context = open(global)) {
            return run(context);
        }
    }

    /** The context this command runs in. */
    ConfigurableApplicationContext open(GlobalOptions options) {
        return contexts.open(options);
    }

    /** Checks of the command line that need no catalog and no database. */
    void validateBeforeStart() {
    }

    abstract int run(ConfigurableApplicationContext context);

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
