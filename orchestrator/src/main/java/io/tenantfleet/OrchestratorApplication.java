package io.tenantfleet;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring Boot application behind the command line; see {@code io.tenantfleet.cli.Main}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrchestratorApplication {
}
