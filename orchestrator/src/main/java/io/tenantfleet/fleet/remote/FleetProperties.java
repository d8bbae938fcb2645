package io.tenantfleet.fleet.remote;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tunables of remote partitioning, bound from {@code orchestrator.fleet.*} and validated at startup.
 *
 * @param pollIntervalMs how often a manager reads the job repository for its partitions' outcome,
 *                       and looks for lost workers
 * @param workerWaitS    how long partitions may wait with no live worker before the wave fails
 */
@Validated
@ConfigurationProperties("orchestrator.fleet")
public record FleetProperties(
        @Min(20) @Max(10_000) @DefaultValue("100") int pollIntervalMs,
        @Min(1) @Max(3_600) @DefaultValue("30") int workerWaitS) {
}
