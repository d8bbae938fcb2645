package io.tenantfleet.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * What the fleet's jobs did, as Micrometer meters of this process (scraped from
 * {@code /actuator/prometheus} on {@code serve}; a {@code worker} process counts the partitions it
 * ran). Names, in Prometheus form:
 * <ul>
 * <li>{@code tenantfleet_provisioning_seconds{outcome}}: one onboarding, provisioned, already_active or failed;</li>
 * <li>{@code tenantfleet_migration_seconds{outcome}}: one tenant's migration in a rollout, done or failed;</li>
 * <li>{@code tenantfleet_tenant_outcomes_total{job, outcome}}: per-tenant outcomes of provision, rollout and retention;</li>
 * <li>{@code tenantfleet_retention_rows_total{action}}: rows removed, anonymized, pruned (audit) and held by retention.</li>
 * </ul>
 * Tags carry no tenant name or id: a fleet of 10,000 tenants must not make 10,000 series.
 */
@Component
public class FleetMeters {

    private final MeterRegistry registry;

    public FleetMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One onboarding request's outcome and how long it took. */
    public void provisioned(String outcome, Duration took) {
        timer("tenantfleet.provisioning", "onboarding one organization", outcome).record(took);
        outcome("provision", outcome);
    }

    /** One tenant's migration in a rollout; {@code millis} may be null (never started). */
    public void migrated(String outcome, Long millis) {
        if (millis != null) {
            timer("tenantfleet.migration", "one tenant's migration in a rollout", outcome).record(Duration.ofMillis(millis));
        }
        outcome("rollout", outcome);
    }

    /** One tenant's retention purge and the rows it touched. */
    public void purged(String outcome, long removed, long anonymized, long pruned, long held) {
        outcome("retention", outcome);
        rows("removed", removed);
        rows("anonymized", anonymized);
        rows("pruned", pruned);
        rows("held", held);
    }

    private void rows(String action, long rows) {
        registry.counter("tenantfleet.retention.rows", "action", action).increment(rows);
    }

    private void outcome(String job, String outcome) {
        registry.counter("tenantfleet.tenant.outcomes", "job", job, "outcome", outcome.toLowerCase(Locale.ROOT)).increment();
    }

    private Timer timer(String name, String description, String outcome) {
        return Timer.builder(name).description(description).tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .publishPercentileHistogram().register(registry);
    }
}
