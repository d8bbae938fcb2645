package io.tenantfleet.cli;

import io.tenantfleet.OrchestratorApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring Boot application for one command, with the command line's global options. */
final class SpringContexts implements Contexts {

    @Override
    public ConfigurableApplicationContext open(GlobalOptions options) {
        Map<String, Object> properties = new HashMap<>();
        options.catalog().ifPresent(path -> properties.put("orchestrator.catalog", path.toAbsolutePath().toString()));
        options.dataDir().ifPresent(path -> properties.put("orchestrator.data-dir", path.toAbsolutePath().toString()));
        return new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(properties)
                .run();
    }
}
