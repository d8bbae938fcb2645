package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSlug;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of a tenant schema's {@code retention_map}: a table's data category, the columns its age
 * counts from, and what retention does to it. Every identifier in it is checked against the
 * identifier pattern before any SQL is built from it ({@link TenantSlug#quote}).
 *
 * @param anonymize for {@link Action#ANONYMIZE}: column to replacement text (null: set to NULL)
 */
public record MappedTable(String table, String category, Optional<String> keyColumn, List<String> ageColumns,
        Optional<String> softDeleteColumn, Action action, Optional<String> parentTable, Optional<String> parentColumn,
        int purgeOrder, Map<String, String> anonymize, Optional<String> subjectColumn) {

    /** What retention does to a table's expired rows. */
    public enum Action {
        DELETE, ANONYMIZE, PRUNE, KEEP
    }

    public MappedTable {
        ageColumns = List.copyOf(ageColumns);
        anonymize = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(anonymize));
        // the parameters, not the fields: fields are assigned only when the compact constructor ends
        List<String> identifiers = new java.util.ArrayList<>(ageColumns);
        identifiers.add(table);
        java.util.stream.Stream.of(keyColumn, softDeleteColumn, parentTable, parentColumn, subjectColumn)
                .flatMap(Optional::stream).forEach(identifiers::add);
        identifiers.addAll(anonymize.keySet());
        identifiers.forEach(TenantSlug::quote);
        if ((action == Action.DELETE || action == Action.ANONYMIZE) && keyColumn.isEmpty()) {
            throw new IllegalArgumentException("retention_map row " + table + " has no key_column");
        }
    }

    /** True for tables whose rows retention removes or anonymizes (not audit pruning, not system tables). */
    public boolean purged() {
        return action == Action.DELETE || action == Action.ANONYMIZE;
    }

    public String key() {
        return keyColumn.orElseThrow();
    }
}
