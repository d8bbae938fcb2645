package io.tenantfleet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code orchestrator} command line. Exit codes: 0 success, 1 operational failure, 2 bad input.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(new SpringContexts(), args));
    }

    /** Runs one command line against contexts from {@code contexts}; returns the exit code. */
    public static int run(Contexts contexts, String... args) {
        return run(contexts, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(Contexts, String...)}, printing to the given writers. */
    public static int run(Contexts contexts, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new OrchestratorCommand(), new CommandFactory(contexts));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setParameterExceptionHandler(ErrorReporter::badParameters);
        return commandLine.execute(args);
    }
}
