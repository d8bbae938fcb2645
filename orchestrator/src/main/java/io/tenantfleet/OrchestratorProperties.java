package io.tenantfleet;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of one orchestrator process, bound from {@code orchestrator.*} and validated at startup.
 *
 * @param catalog          the region catalog file; empty means the bundled {@code region-config/local.yml}
 * @param dataDir          where embedded servers keep their data and the local master key lives
 * @param masterKeyEnv     the environment variable that holds the envelope-encryption master key
 * @param tenantTemplate   Flyway location of the per-tenant template migrations
 * @param regionPoolSize   JDBC connections kept per region
 * @param connectTimeoutMs how long to wait for a region connection before calling the region down
 * @param embeddedFast     run embedded servers without fsync (tests and benchmarks only)
 */
@Validated
@ConfigurationProperties("orchestrator")
public record OrchestratorProperties(
        @DefaultValue("") String catalog,
        @NotNull Path dataDir,
        @NotBlank @Pattern(regexp = "^[A-Z_][A-Z0-9_]*$") @DefaultValue("TENANT_FLEET_MASTER_KEY") String masterKeyEnv,
        @NotBlank @DefaultValue("classpath:sql/tenant") String tenantTemplate,
        @Min(1) @Max(64) @DefaultValue("4") int regionPoolSize,
        @Min(100) @Max(120_000) @DefaultValue("5000") int connectTimeoutMs,
        @DefaultValue("false") boolean embeddedFast) {
}
