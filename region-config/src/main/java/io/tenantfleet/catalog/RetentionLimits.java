package io.tenantfleet.catalog;

import java.util.OptionalInt;

/**
 * What one rule says about one data category; every figure is optional (a rule that says nothing
 * about a category has {@link #NONE}).
 *
 * @param defaultDays retention applied when nothing shorter is chosen
 * @param minDays     data of this category is never purged before this many days
 * @param maxDays     the longest data of this category may be kept
 */
public record RetentionLimits(OptionalInt defaultDays, OptionalInt minDays, OptionalInt maxDays) {

    /** A rule that sets nothing for the category. */
    public static final RetentionLimits NONE = new RetentionLimits(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty());

    /** The figure behind a catalog key ({@code default_days}, {@code min_days} or {@code max_days}). */
    public OptionalInt figure(String field) {
        return switch (field) {
            case "default_days" -> defaultDays;
            case "min_days" -> minDays;
            case "max_days" -> maxDays;
            default -> throw new IllegalArgumentException("unknown retention figure " + field);
        };
    }
}
