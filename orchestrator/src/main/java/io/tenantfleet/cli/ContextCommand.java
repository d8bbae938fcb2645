package io.tenantfleet.cli;

import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works inside the orchestrator's application context. */
abstract class ContextCommand implements Callable<Integer> {

    Contexts contexts;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try (ConfigurableApplicationContext context = contexts.open(global)) {
            return run(context);
        }
    }

    abstract int run(ConfigurableApplicationContext context);

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
