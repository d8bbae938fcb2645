package io.tenantfleet.retention;

import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.catalog.RegionCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's cut-offs for a run that started at {@code asOf}: per category, {@code asOf} minus the
 * days of the tenant's effective policy ({@link RetentionPolicies#effective}: the strictest of its
 * region's and frameworks' rules, or a shorter override); audit rows past theirs may be pruned;
 * soft-deleted rows go after the grace period ({@link #graceDays}).
 */
final class RetentionCutoffs {

    private RetentionCutoffs() {
    }

    /** The grace given for every region, or else the tenant's home region's {@code soft_delete_grace_days}. */
    static int graceDays(Optional<Integer> override, RegionCatalog catalog, String homeRegion) {
        return override.orElseGet(() -> catalog.region(homeRegion).softDeleteGraceDays());
    }

    static Cutoffs of(RetentionPolicy policy, Instant asOf, int graceDays) {
        Map<String, Instant> categories = new LinkedHashMap<>();
        Optional<Instant> audit = Optional.empty();
        for (Map.Entry<DataCategory, CategoryPolicy> category : policy.categories().entrySet()) {
            Instant cutoff = asOf.minus(Duration.ofDays(category.getValue().days()));
            if (category.getKey() == DataCategory.AUDIT_RECORDS) {
                audit = Optional.of(cutoff);
            } else {
                categories.put(category.getKey().key(), cutoff);
            }
        }
        return new Cutoffs(asOf.minus(Duration.ofDays(graceDays)), categories, audit);
    }
}
