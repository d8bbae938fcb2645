package io.tenantfleet;

import io.tenantfleet.fleet.remote.FleetProperties;
import io.tenantfleet.region.ResilienceProperties;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Binds and validates every {@code orchestrator.*} setting when a command starts, before anything
 * connects: a bad value is refused at once, even one that only a later step would have read
 * (beans are otherwise created when first used).
 */
@Component
@Lazy(false)
class SettingsCheck {

    SettingsCheck(OrchestratorProperties orchestrator, ResilienceProperties resilience, FleetProperties fleet) {
        // binding them is the check
    }
}
