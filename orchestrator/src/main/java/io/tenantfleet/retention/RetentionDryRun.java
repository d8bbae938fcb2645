package io.tenantfleet.retention;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantSlug;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code retention run --dry-run}: per tenant and table, the cut-offs and the rows that would go
 * or are held, counted with the purge's own predicates in read-only transactions. Changes nothing
 * and records nothing.
 */
@Component
public class RetentionDryRun {

    /** One tenant's answer: its grace, its cut-offs and counts, or why it could not be read. */
    public record TenantPreview(Tenant tenant, int graceDays, Optional<Cutoffs> cutoffs,
            Optional<TenantPurger.Result> result, List<String> unmapped, Optional<String> problem) {}

    private final RetentionService service;
    private final RegionGuard guard;
    private final RetentionPolicies policies;
    private final RegionCatalog catalog;

    RetentionDryRun(RetentionService service, RegionGuard guard, RetentionPolicies policies, RegionCatalog catalog) {
        this.service = service;
        this.guard = guard;
        this.policies = policies;
        this.catalog = catalog;
    }

    public List<TenantPreview> preview(RetentionOptions options) {
        Instant asOf = Instant.now();
        List<TenantPreview> previews = new ArrayList<>();
        java.util.Map<String, String> down = new java.util.HashMap<>();
        for (Tenant tenant : service.select(options)) {
            int graceDays = RetentionCutoffs.graceDays(options.graceDays(), catalog, tenant.homeRegion());
            if (down.containsKey(tenant.homeRegion())) {
                previews.add(new TenantPreview(tenant, graceDays, Optional.empty(), Optional.empty(), List.of(),
                        Optional.of(down.get(tenant.homeRegion()))));
                continue;
            }
            try {
                previews.add(guard.read(tenant.homeRegion(), connection -> {
                    TenantSlug slug = new TenantSlug(tenant.slug());
                    Optional<RetentionMap> map = RetentionMap.read(connection, slug);
                    if (map.isEmpty()) {
                        return new TenantPreview(tenant, graceDays, Optional.empty(), Optional.empty(), List.of(), Optional.of(
                                "no retention map (template before version 3); run 'rollout apply' first"));
                    }
                    Cutoffs cutoffs = RetentionCutoffs.of(policies.effective(connection, tenant), asOf, graceDays);
                    TenantPurger.Result result = new TenantPurger(slug, tenant.id(), map.get(), cutoffs, options.batchSize())
                            .dryRun(connection);
                    return new TenantPreview(tenant, graceDays, Optional.of(cutoffs), Optional.of(result), map.get().unmapped(),
                            Optional.empty());
                }));
            } catch (RegionUnavailableException e) {
                down.put(tenant.homeRegion(), OneLine.of(e.getMessage()));
                previews.add(new TenantPreview(tenant, graceDays, Optional.empty(), Optional.empty(), List.of(),
                        Optional.of(down.get(tenant.homeRegion()))));
            }
        }
        return previews;
    }
}
