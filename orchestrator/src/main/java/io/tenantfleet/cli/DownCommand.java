package io.tenantfleet.cli;

import io.tenantfleet.region.EmbeddedFleet;
import io.tenantfleet.region.SharedServers;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/** {@code down}: stops the embedded servers that {@code up} keeps running. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops the embedded servers that 'up' keeps running (their data stays in --data-dir).")
final class DownCommand extends ContextCommand {

    @Override
    int run(ConfigurableApplicationContext context) {
        Set<Long> owners = new TreeSet<>();
        context.getBean(EmbeddedFleet.class).dataDirs().values()
                .forEach(dir -> SharedServers.sharedBy(dir).ifPresent(owners::add));
        if (owners.isEmpty()) {
            out().println("not up: nothing to stop");
            return 0;
        }
        for (long pid : owners) {
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(120, TimeUnit.SECONDS).join();
            });
            out().println("down: stopped the embedded servers of pid " + pid);
        }
        return 0;
    }
}
