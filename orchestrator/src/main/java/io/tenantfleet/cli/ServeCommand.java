package io.tenantfleet.cli;

import io.tenantfleet.api.ApiUsers;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the REST API over the same jobs, control plane and catalog as the commands. */
@Command(name = "serve", mixinStandardHelpOptions = true, subcommands = HashPasswordCommand.class,
        description = {"Serves the orchestrator's REST API (JSON, problem details, OpenAPI at /v3/api-docs) until stopped",
                "(Ctrl-C, SIGTERM: requests in flight finish, running jobs get 30 s, then stay resumable).",
                "Users come from " + ApiUsers.VARIABLE + ": 'NAME:operator|auditor:HASH ...', hashes from",
                "'orchestrator serve hash-password'. The embedded servers are shared with other processes while it runs."})
final class ServeCommand extends ContextCommand {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port of the API (default: 8080).")
    int port;

    /** No users, no service: refused before anything starts (exit 2, one line naming the variable). */
    @Override
    void validateBeforeStart() {
        if (port < 0 || port > 65535) {
            throw new io.tenantfleet.OrchestratorException(io.tenantfleet.ErrorCode.INVALID_INPUT, "invalid --port " + port
                    + "; give 1-65535 (0: any free port)");
        }
        ApiUsers.parse(System.getenv(ApiUsers.VARIABLE));
    }

    @Override
    ConfigurableApplicationContext open(GlobalOptions options) {
        return contexts.serve(options, port);
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        String actual = context.getEnvironment().getProperty("local.server.port", Integer.toString(port));
        err().println("serving the API on port " + actual + "; stop with Ctrl-C or SIGTERM");
        err().flush();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
