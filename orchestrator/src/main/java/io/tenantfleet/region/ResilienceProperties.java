package io.tenantfleet.region;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How region calls are retried and when a region's circuit breaker opens, bound from
 * {@code orchestrator.resilience.*} and validated at startup.
 *
 * @param attempts             tries of a call that fails transiently, the first included
 * @param backoffMs            wait before the first retry; each next one waits twice as long
 * @param breakerWindow        calls a region's breaker looks back on
 * @param breakerMinimumCalls  calls before the breaker may open
 * @param breakerFailurePercent share of failed calls in the window that opens the breaker
 * @param breakerOpenSeconds   how long an open breaker refuses calls before trying again
 * @param controlPlanePoolSize JDBC connections kept to the control plane
 */
@Validated
@ConfigurationProperties("orchestrator.resilience")
public record ResilienceProperties(
        @Min(1) @Max(10) @DefaultValue("3") int attempts,
        @Min(10) @Max(60_000) @DefaultValue("200") int backoffMs,
        @Min(1) @Max(1_000) @DefaultValue("10") int breakerWindow,
        @Min(1) @Max(1_000) @DefaultValue("5") int breakerMinimumCalls,
        @Min(1) @Max(100) @DefaultValue("50") int breakerFailurePercent,
        @Min(1) @Max(3_600) @DefaultValue("30") int breakerOpenSeconds,
        @Min(2) @Max(128) @DefaultValue("8") int controlPlanePoolSize) {
}
