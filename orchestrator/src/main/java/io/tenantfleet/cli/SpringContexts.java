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
        // passed as command-line properties so they outrank application.properties and the environment
        List<String> arguments = new ArrayList<>();
        options.catalog().ifPresent(path -> arguments.add("--orchestrator.catalog=" + path.toAbsolutePath()));
        options.dataDir().ifPresent(path -> arguments.add("--orchestrator.data-dir=" + path.toAbsolutePath()));
        if (options.verbose()) {
            // logback-spring.xml: stack traces and thread names; debug lines of the orchestrator
            arguments.add("--spring.profiles.active=verbose");
            arguments.add("--logging.level.io.tenantfleet=DEBUG");
        }
        return new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(arguments.toArray(String[]::new));
    }
}
