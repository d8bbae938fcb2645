package io.tenantfleet.cli;

import io.tenantfleet.OrchestratorApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring Boot application for one command, with the command line's global options. */
public final class SpringContexts implements Contexts {

    @Override
    public ConfigurableApplicationContext open(GlobalOptions options) {
        return new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(arguments(options).toArray(String[]::new));
    }

    @Override
    public ConfigurableApplicationContext serve(GlobalOptions options, int port) {
        List<String> arguments = arguments(options);
        // application.properties says none for the commands; a command-line property outranks it
        arguments.add("--spring.main.web-application-type=servlet");
        arguments.add("--server.port=" + port);
        return new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(arguments.toArray(String[]::new));
    }

    /** The global options as command-line properties, so they outrank application.properties and the environment. */
    private static List<String> arguments(GlobalOptions options) {
        List<String> arguments = new ArrayList<>();
        options.catalog().ifPresent(path -> arguments.add("--orchestrator.catalog=" + path.toAbsolutePath()));
        options.dataDir().ifPresent(path -> arguments.add("--orchestrator.data-dir=" + path.toAbsolutePath()));
        if (options.verbose()) {
            // logback-spring.xml: stack traces and thread names; debug lines of the orchestrator
            arguments.add("--spring.profiles.active=verbose");
            arguments.add("--logging.level.io.tenantfleet=DEBUG");
        }
        return arguments;
    }
}
