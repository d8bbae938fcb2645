package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.catalog.Jurisdiction;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's retention per data category: per category the strictest of its region's and its
 * frameworks' rules, then its stored overrides where they are within those rules. Immutable.
 */
public record RetentionPolicy(String region, List<String> frameworks, Map<DataCategory, CategoryPolicy> categories) {

    public RetentionPolicy {
        frameworks = List.copyOf(frameworks);
        EnumMap<DataCategory, CategoryPolicy> copy = new EnumMap<>(DataCategory.class);
        copy.putAll(categories);
        categories = java.util.Collections.unmodifiableMap(copy);
    }

    /** What the rules give a tenant of {@code region} under {@code frameworks} (its region's jurisdictions included). */
    public static RetentionPolicy of(Region region, List<String> frameworks, RegionCatalog catalog) {
        List<Jurisdiction> rules = frameworks.stream().map(name -> catalog.findJurisdiction(name).orElseThrow(
                () -> new OrchestratorException(ErrorCode.INVALID_CATALOG, "framework " + name + " of a tenant in "
                        + region.id() + " is not defined in " + catalog.source() + "; define it under jurisdictions:")))
                .toList();
        Map<DataCategory, CategoryPolicy> categories = new EnumMap<>(DataCategory.class);
        for (DataCategory category : DataCategory.values()) {
            categories.put(category, CategoryPolicy.of(category, region, rules));
        }
        return new RetentionPolicy(region.id(), frameworks, categories);
    }

    public CategoryPolicy category(DataCategory category) {
        return categories.get(category);
    }

    /** This policy with the tenant's stored overrides applied where they are within the rules. */
    public RetentionPolicy with(Collection<StoredRetention> stored) {
        Map<DataCategory, CategoryPolicy> effective = new EnumMap<>(categories);
        for (StoredRetention row : stored) {
            effective.computeIfPresent(row.category(), (category, policy) -> policy.with(row));
        }
        return new RetentionPolicy(region, frameworks, effective);
    }
}
