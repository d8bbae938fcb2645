package io.tenantfleet.rollout;

import io.tenantfleet.catalog.Tier;
import java.util.List;
import java.util.Optional;

/**
 * What a rollout would do, computed without changing anything: per region the pending tenants,
 * their versions and waves, and the SQL files each would get.
 *
 * @param confirmationToken the token {@code --confirm} must repeat when prod regions would be touched
 */
public record RolloutPlan(TemplateVersion target, List<TemplateMigration> migrations, List<RegionPlan> regions, int waves,
        Optional<String> confirmationToken) {

    public RolloutPlan {
        migrations = List.copyOf(migrations);
        regions = List.copyOf(regions);
    }

    public int pendingCount() {
        return regions.stream().mapToInt(r -> r.pending().size()).sum();
    }

    public List<PlannedTenant> pending() {
        return regions.stream().flatMap(r -> r.pending().stream()).toList();
    }

    /** The SQL files a tenant at {@code from} would get. */
    public List<String> filesFrom(TemplateVersion from) {
        return migrations.stream().filter(m -> m.version().compareTo(from) > 0).map(TemplateMigration::script).toList();
    }

    public boolean touchesProduction() {
        return regions.stream().anyMatch(r -> r.region().tier() == Tier.PROD && !r.pending().isEmpty());
    }
}
