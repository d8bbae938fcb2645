package io.tenantfleet.catalog;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the {@code jurisdictions:} section: new entries in full, or overrides of known ones. */
final class JurisdictionReader {

    static final Pattern NAME = Pattern.compile("^[A-Z][A-Z0-9-]{1,31}$");
    static final int MAX_DAYS = 36_500;

    private static final String DESTINATIONS = "aggregates_destinations";
    /** Written as the value of {@code aggregates_destinations}: any jurisdiction (as when the key is absent). */
    private static final String ANY = "any";
    private static final Set<String> KEYS = Set.of("description", "personal_data", "business_records", "credentials",
            "audit_records", "aggregates_may_leave_region", DESTINATIONS);

    /** A destination list as written, checked once every jurisdiction is known. */
    private record DestinationList(YamlTree.Entry entry, Set<String> names) {}

    private final YamlTree tree;

    JurisdictionReader(YamlTree tree) {
        this.tree = tree;
    }

    /**
     * Reads {@code node} on top of {@code known}; returns the merged set. Destination lists are
     * checked against the merged set, so a rule may name a jurisdiction defined after it.
     */
    Map<String, Jurisdiction> read(Node node, String path, Map<String, Jurisdiction> known) {
        Map<String, Jurisdiction> result = new LinkedHashMap<>(known);
        List<DestinationList> destinationLists = new ArrayList<>();
        for (YamlTree.Entry entry : tree.mapping(node, path, Set.of(), Set.of()).values()) {
            if (!NAME.matcher(entry.key()).matches()) {
                tree.problem(entry.keyLine(), entry.path(), entry.key(), "bad jurisdiction name",
                        "use upper-case letters, digits and '-', e.g. GDPR or UK-GDPR");
                continue;
            }
            Jurisdiction base = known.get(entry.key());
            read(entry, base, destinationLists).ifPresent(j -> result.put(j.name(), j));
        }
        destinationLists.forEach(list -> checkDestinations(list, result.keySet()));
        return result;
    }

    private Optional<Jurisdiction> read(YamlTree.Entry entry, Jurisdiction base, List<DestinationList> destinationLists) {
        Set<String> required = base == null ? Set.of("description", "audit_records") : Set.of();
        Map<String, YamlTree.Entry> fields = tree.mapping(entry.node(), entry.path(), KEYS, required);
        String description = field(fields, "description").flatMap(tree::string)
                .orElse(base == null ? "" : base.description());
        Map<DataCategory, RetentionLimits> limits = new EnumMap<>(DataCategory.class);
        if (base != null) {
            limits.putAll(base.limits());
        }
        for (DataCategory category : DataCategory.values()) {
            if (fields.containsKey(category.key())) {
                limits.put(category, limits(fields.get(category.key()), category,
                        limits.getOrDefault(category, RetentionLimits.NONE)));
            }
        }
        boolean mayLeave = field(fields, "aggregates_may_leave_region").flatMap(tree::bool)
                .orElse(base == null || base.aggregatesMayLeave());
        Optional<Set<String>> destinations = base == null ? Optional.empty() : base.aggregateDestinations();
        if (fields.containsKey(DESTINATIONS)) {
            YamlTree.Entry written = fields.get(DESTINATIONS);
            destinations = destinations(written);
            destinations.ifPresent(names -> destinationLists.add(new DestinationList(written, names)));
        }
        return Optional.of(new Jurisdiction(entry.key(), description, limits, mayLeave, destinations));
    }

    /** {@code any}, or a list of jurisdiction names ({@code []}: none). */
    private Optional<Set<String>> destinations(YamlTree.Entry entry) {
        if (entry.node() instanceof ScalarNode scalar && ANY.equals(scalar.getValue())) {
            return Optional.empty();
        }
        return Optional.of(new LinkedHashSet<>(tree.strings(entry)));
    }

    private void checkDestinations(DestinationList list, Set<String> known) {
        for (String name : list.names()) {
            if (!known.contains(name)) {
                tree.problem(list.entry().node(), list.entry().path(), name, "unknown jurisdiction",
                        "use one of " + String.join(", ", known) + ", or define it under jurisdictions:");
            }
        }
    }

    /**
     * One category's figures over those of {@code base}. A maximum lowered below an inherited
     * default lowers the default with it; a default or minimum written over the maximum is a problem.
     */
    private RetentionLimits limits(YamlTree.Entry section, DataCategory category, RetentionLimits base) {
        Set<String> required = category == DataCategory.AUDIT_RECORDS && base.minDays().isEmpty()
                ? Set.of("min_days") : Set.of();
        Map<String, YamlTree.Entry> given = tree.mapping(section.node(), section.path(), category.fields(), required);
        OptionalInt defaultDays = days(given.get("default_days"), base.defaultDays());
        OptionalInt minDays = days(given.get("min_days"), base.minDays());
        OptionalInt maxDays = days(given.get("max_days"), base.maxDays());
        if (maxDays.isEmpty()) {
            return new RetentionLimits(defaultDays, minDays, maxDays);
        }
        int max = maxDays.getAsInt();
        if (!given.containsKey("default_days") && defaultDays.isPresent()) {
            defaultDays = OptionalInt.of(Math.min(defaultDays.getAsInt(), max));
        }
        if (defaultDays.isPresent() && defaultDays.getAsInt() > max) {
            overMax(section, given, "default_days", defaultDays.getAsInt(), max, "default retention exceeds max_days "
                    + max, "lower default_days to at most " + max);
        }
        if (minDays.isPresent() && minDays.getAsInt() > max) {
            overMax(section, given, "min_days", minDays.getAsInt(), max, "minimum retention exceeds max_days " + max,
                    "lower min_days to at most " + max + ", or raise max_days");
        }
        return new RetentionLimits(defaultDays, minDays, maxDays);
    }

    private void overMax(YamlTree.Entry section, Map<String, YamlTree.Entry> given, String field, int value, int max,
            String error, String fix) {
        YamlTree.Entry at = given.containsKey(field) ? given.get(field) : given.get("max_days");
        tree.problem(at == null ? section.node() : at.node(), section.path() + "." + field, String.valueOf(value), error,
                fix);
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
