package io.tenantfleet.retention;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The cut-offs of one tenant's purge, fixed when its run is planned so that a restarted run
 * removes exactly what the first attempt would have.
 *
 * @param grace      rows soft-deleted before this are hard-deleted, whatever their category
 * @param categories per data category, rows whose age counts from before this are past retention
 *                   (a category with no entry has no retention limit)
 * @param audit      audit rows written before this may be pruned: the tenant's audit retention, which its
 *                   policy never puts below the longest legal minimum nor above a legal maximum
 */
public record Cutoffs(Instant grace, Map<String, Instant> categories, Optional<Instant> audit) {

    public Cutoffs {
        categories = Map.copyOf(categories);
    }

    public Optional<Instant> of(String category) {
        return Optional.ofNullable(categories.get(category));
    }
}
