package io.tenantfleet.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The data categories retention rules are written for; a tenant template maps each of its tables
 * to one of them ({@code retention_map}). The key is the name used in catalogs and in the tenant's
 * {@code retention_policy} rows.
 */
public enum DataCategory {
    /** Data about people: retention has a default and, under most laws, a maximum. */
    PERSONAL_DATA("personal_data", Set.of("default_days", "max_days")),
    /** Records the business must keep (assessments, results): a default, optionally a maximum. */
    BUSINESS_RECORDS("business_records", Set.of("default_days", "max_days")),
    /** Secrets and key material (API keys): a default, optionally a maximum. */
    CREDENTIALS("credentials", Set.of("default_days", "max_days")),
    /** Audit rows: a legal minimum they are never purged before, optionally a maximum. */
    AUDIT_RECORDS("audit_records", Set.of("min_days", "max_days"));

    private final String key;
    private final Set<String> fields;

    DataCategory(String key, Set<String> fields) {
        this.key = key;
        this.fields = fields;
    }

    /** The category's name in catalogs and in {@code retention_policy.category}, e.g. {@code personal_data}. */
    public String key() {
        return key;
    }

    /** The keys a jurisdiction may give for this category, e.g. {@code default_days, max_days}. */
    public Set<String> fields() {
        return fields;
    }

    /** The category named {@code key}, if it is one. */
    public static Optional<DataCategory> find(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }

    /** Every category's key, comma-separated, for messages. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(DataCategory::key).toList());
    }
}
