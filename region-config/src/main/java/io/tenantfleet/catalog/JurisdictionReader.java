package io.tenantfleet.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code jurisdictions:} section: new entries in full, or overrides of known ones. */
final class JurisdictionReader {

    static final Pattern NAME = Pattern.compile("^[A-Z][A-Z0-9-]{1,31}$");
    static final int MAX_DAYS = 36_500;

    private static final Set<String> KEYS = Set.of("description", "personal_data", "audit_records",
            "aggregates_may_leave_region");

    private final YamlTree tree;

    JurisdictionReader(YamlTree tree) {
        this.tree = tree;
    }

    /** Reads {@code node} on top of {@code known}; returns the merged set. */
    Map<String, Jurisdiction> read(Node node, String path, Map<String, Jurisdiction> known) {
        Map<String, Jurisdiction> result = new LinkedHashMap<>(known);
        for (YamlTree.Entry entry : tree.mapping(node, path, Set.of(), Set.of()).values()) {
            if (!NAME.matcher(entry.key()).matches()) {
                tree.problem(entry.keyLine(), entry.path(), entry.key(), "bad jurisdiction name",
                        "use upper-case letters, digits and '-', e.g. GDPR or UK-GDPR");
                continue;
            }
            Jurisdiction base = known.get(entry.key());
            read(entry, base).ifPresent(j -> result.put(j.name(), j));
        }
        return result;
    }

    private Optional<Jurisdiction> read(YamlTree.Entry entry, Jurisdiction base) {
        Set<String> required = base == null ? Set.of("description", "audit_records") : Set.of();
        Map<String, YamlTree.Entry> fields = tree.mapping(entry.node(), entry.path(), KEYS, required);
        String description = field(fields, "description").flatMap(tree::string)
                .orElse(base == null ? "" : base.description());
        OptionalInt defaultDays = base == null ? OptionalInt.empty() : base.personalDataDefaultDays();
        OptionalInt maxDays = base == null ? OptionalInt.empty() : base.personalDataMaxDays();
        if (fields.containsKey("personal_data")) {
            Map<String, YamlTree.Entry> personal = tree.mapping(fields.get("personal_data").node(),
                    fields.get("personal_data").path(), Set.of("default_days", "max_days"), Set.of());
            defaultDays = days(personal.get("default_days"), defaultDays);
            maxDays = days(personal.get("max_days"), maxDays);
            if (!personal.containsKey("default_days") && defaultDays.isPresent() && maxDays.isPresent()) {
                defaultDays = OptionalInt.of(Math.min(defaultDays.getAsInt(), maxDays.getAsInt()));
            }
        }
        int auditMin = base == null ? 0 : base.auditMinDays();
        if (fields.containsKey("audit_records")) {
            Map<String, YamlTree.Entry> audit = tree.mapping(fields.get("audit_records").node(),
                    fields.get("audit_records").path(), Set.of("min_days"), Set.of("min_days"));
            auditMin = days(audit.get("min_days"), OptionalInt.of(auditMin)).orElse(auditMin);
        }
        boolean mayLeave = field(fields, "aggregates_may_leave_region").flatMap(tree::bool)
                .orElse(base == null || base.aggregatesMayLeave());
        if (defaultDays.isPresent() && maxDays.isPresent() && defaultDays.getAsInt() > maxDays.getAsInt()) {
            tree.problem(entry.node(), entry.path() + ".personal_data.default_days",
                    String.valueOf(defaultDays.getAsInt()), "default retention exceeds max_days " + maxDays.getAsInt(),
                    "lower default_days to at most " + maxDays.getAsInt());
        }
        return Optional.of(new Jurisdiction(entry.key(), description, defaultDays, maxDays, auditMin, mayLeave));
    }

    private OptionalInt days(YamlTree.Entry entry, OptionalInt fallback) {
        if (entry == null) {
            return fallback;
        }
        Optional<Integer> value = tree.integer(entry);
        if (value.isEmpty()) {
            return fallback;
        }
        int days = value.get();
        if (days < 0 || days > MAX_DAYS) {
            tree.problem(entry.node(), entry.path(), String.valueOf(days), "days must be between 0 and " + MAX_DAYS,
                    "write a number of days in that range");
            return fallback;
        }
        return OptionalInt.of(days);
    }

    private static Optional<YamlTree.Entry> field(Map<String, YamlTree.Entry> fields, String key) {
        return Optional.ofNullable(fields.get(key));
    }
}
