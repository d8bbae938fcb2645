package io.tenantfleet.cli;

import org.springframework.context.ConfigurableApplicationContext;

/** Opens the application context a command works in; closing it stops what it started. */
public interface Contexts {

    /** A context for the given global options; the caller closes it. */
    ConfigurableApplicationContext open(GlobalOptions options);

    /** A web application context serving the API on {@code port} ({@code orchestrator serve}); the caller closes it. */
    default ConfigurableApplicationContext serve(GlobalOptions options, int port) {
        throw new UnsupportedOperationException("these contexts do not serve the API");
    }
}
