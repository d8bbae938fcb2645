package io.tenantfleet.cli;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.CatalogException;
import io.tenantfleet.catalog.CatalogProblem;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import picocli.CommandLine;

/** Prints a failure as one clear line on stderr and maps it to the exit code. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        OrchestratorException known = find(e);
        java.io.PrintWriter err = commandLine.getErr();
        if (verbose(parseResult)) {
            e.printStackTrace(err);
        }
        BindValidationException setting = findSetting(e);
        if (known == null && setting != null) {
            setting.getValidationErrors().getAllErrors().forEach(error -> err.println("error: invalid setting "
                    + describe(setting, error)));
            err.flush();
            return BAD_INPUT;
        }
        if (known == null) {
            err.println("error: " + oneLine(e));
            err.flush();
            return FAILED;
        }
        if (known instanceof CatalogException catalog) {
            catalog.problems().stream().map(CatalogProblem::message).forEach(line -> err.println("error: " + line));
        } else {
            err.println("error: " + oneLine(known));
        }
        err.flush();
        return known.errorCode().isBadInput() ? BAD_INPUT : FAILED;
    }

    static int badParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("error: " + e.getMessage() + "; see '" + commandLine.getCommandSpec().qualifiedName()
                + " --help'");
        commandLine.getErr().flush();
        return BAD_INPUT;
    }

    /** Whether {@code --verbose} was given to the root command or to any subcommand. */
    static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The orchestrator's own exception, however deep Spring wrapped it. */
    static OrchestratorException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OrchestratorException known) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** A setting ({@code orchestrator.*} property) that broke its rule, however deep Spring wrapped it. */
    private static BindValidationException findSetting(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof BindValidationException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static String describe(BindValidationException setting, ObjectError error) {
        String name = setting.getValidationErrors().getName().toString();
        if (error instanceof FieldError field) {
            String property = name + "." + field.getField().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            return property + "=" + field.getRejectedValue() + ": " + field.getDefaultMessage() + "; fix it where it is set "
                    + "(-D" + property + ", application properties, or the environment)";
        }
        return name + ": " + error.getDefaultMessage();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
