package io.tenantfleet.retention;

import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.catalog.Jurisdiction;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RetentionLimits;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The retention of one data category for one tenant, each figure with the rule that set it.
 *
 * @param retention how long data of the category is kept
 * @param minimum   never purged before this (audit records); empty when no rule sets a minimum
 * @param maximum   never kept longer than this; empty when no rule sets a maximum
 */
public record CategoryPolicy(DataCategory category, RetentionFigure retention, Optional<RetentionFigure> minimum,
        Optional<RetentionFigure> maximum) {

    /** Used for a category no rule gives a default for (a catalog's own jurisdictions may omit them). */
    static final Map<DataCategory, Integer> FALLBACK_DAYS = Map.of(DataCategory.BUSINESS_RECORDS, 2555,
            DataCategory.CREDENTIALS, 365);

    public int days() {
        return retention.days();
    }

    public String setBy() {
        return retention.setBy();
    }

    /** The minimum in days; 0 when no rule sets one. */
    public int minDays() {
        return minimum.map(RetentionFigure::days).orElse(0);
    }

    public OptionalInt maxDays() {
        return maximum.map(figure -> OptionalInt.of(figure.days())).orElse(OptionalInt.empty());
    }

    /**
     * The strictest of the rules: the shortest maximum, the longest minimum, and the region's figure
     * (personal data, audit records) or the shortest default (other categories) held between them.
     */
    static CategoryPolicy of(DataCategory category, Region region, List<Jurisdiction> rules) {
        Optional<RetentionFigure> maximum = figure(category, rules, RetentionLimits::maxDays, "max_days")
                .min(Comparator.comparingInt(RetentionFigure::days));
        Optional<RetentionFigure> minimum = figure(category, rules, RetentionLimits::minDays, "min_days")
                .max(Comparator.comparingInt(RetentionFigure::days));
        RetentionFigure retention = switch (category) {
            case PERSONAL_DATA -> new RetentionFigure(region.retentionDays(), "region " + region.id() + " retention_days");
            case AUDIT_RECORDS -> new RetentionFigure(region.auditRetentionDays(),
                    "region " + region.id() + " audit_retention_days");
            default -> figure(category, rules, RetentionLimits::defaultDays, "default_days")
                    .min(Comparator.comparingInt(RetentionFigure::days))
                    .orElse(new RetentionFigure(FALLBACK_DAYS.get(category), "tenant-fleet default " + category.key()));
        };
        if (minimum.isPresent() && retention.days() < minimum.get().days()) {
            retention = minimum.get();
        }
        if (maximum.isPresent() && retention.days() > maximum.get().days()) {
            retention = maximum.get();
        }
        return new CategoryPolicy(category, retention, minimum, maximum);
    }

    private static java.util.stream.Stream<RetentionFigure> figure(DataCategory category, List<Jurisdiction> rules,
            Function<RetentionLimits, OptionalInt> field, String key) {
        return rules.stream().filter(rule -> field.apply(rule.limits(category)).isPresent())
                .map(rule -> new RetentionFigure(field.apply(rule.limits(category)).getAsInt(),
                        rule.name() + " " + category.key() + "." + key));
    }

    /**
     * Why {@code days} may not be set for this category, if it may not: under the minimum, over the
     * maximum, or, where no rule sets a maximum, longer than the rules' retention (only shortening).
     */
    public Optional<String> refusal(int days) {
        if (days < minDays()) {
            return Optional.of(days + " days is under the audit minimum of " + minDays() + " days set by "
                    + minimum.orElseThrow().setBy() + "; set at least " + minDays());
        }
        if (maximum.isPresent() && days > maximum.get().days()) {
            return Optional.of(days + " days is over the legal maximum of " + maximum.get().days() + " days set by "
                    + maximum.get().setBy() + "; set at most " + maximum.get().days());
        }
        if (maximum.isEmpty() && days > days()) {
            return Optional.of(days + " days is longer than the " + days() + " days set by " + setBy()
                    + "; with no legal maximum for " + category.key() + " retention may only be shortened: set at most "
                    + days());
        }
        return Optional.empty();
    }

    /** This policy with a stored override in place of its retention, when the override is within its limits. */
    CategoryPolicy with(StoredRetention stored) {
        if (!stored.isOverride() || refusal(stored.days()).isPresent()) {
            return this;
        }
        return new CategoryPolicy(category, new RetentionFigure(stored.days(), stored.setBy().orElseThrow()), minimum,
                maximum);
    }
}
