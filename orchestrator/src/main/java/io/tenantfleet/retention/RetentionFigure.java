package io.tenantfleet.retention;

/**
 * A number of days and the rule that set it, e.g. {@code 1095} set by {@code GDPR personal_data.max_days},
 * {@code region eu-central retention_days} or {@code override: retention set 2026-11-30 by ops}.
 */
public record RetentionFigure(int days, String setBy) {
}
