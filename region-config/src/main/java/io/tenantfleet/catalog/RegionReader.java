package io.tenantfleet.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code regions:}, in the full form or in the minimal form
 * ({@code host, compliance, retention_days}), and checks its retention against its jurisdictions.
 */
final class RegionReader {

    static final Pattern ID = Pattern.compile("^[a-z][a-z0-9-]{1,30}[a-z0-9]$");
    static final int DEFAULT_AUDIT_DAYS = 365;
    static final int DEFAULT_GRACE_DAYS = 30;
    static final int MAX_GRACE_DAYS = 3650;

    private static final Set<String> KEYS = Set.of("name", "jurisdictions", "compliance", "tier", "retention_days",
            "audit_retention_days", "soft_delete_grace_days", "database", "host", "port");

    private final YamlTree tree;
    private final DatabaseReader databases;

    RegionReader(YamlTree tree) {
        this.tree = tree;
        this.databases = new DatabaseReader(tree);
    }

    Optional<Region> read(YamlTree.Entry entry, Map<String, Jurisdiction> jurisdictions) {
        String id = entry.key();
        if (!ID.matcher(id).matches()) {
            tree.problem(entry.keyLine(), entry.path(), id, "bad region id",
                    "use 3-32 lower-case letters, digits and '-', starting with a letter (e.g. eu-central)");
            return Optional.empty();
        }
        Map<String, YamlTree.Entry> fields = tree.mapping(entry.node(), entry.path(), KEYS, Set.of());
        Optional<Tier> tier = tier(fields.get("tier"), fields.containsKey("host"));
        List<String> names = jurisdictionNames(entry, fields, jurisdictions);
        Optional<DatabaseSpec> database = database(entry, fields, tier.orElse(Tier.PROD));
        if (tier.isEmpty() || names.isEmpty() || database.isEmpty()) {
            return Optional.empty();
        }
        List<Jurisdiction> rules = names.stream().map(jurisdictions::get).toList();
        Optional<Integer> retention = retention(entry, fields.get("retention_days"), rules);
        Optional<Integer> audit = auditRetention(fields.get("audit_retention_days"), rules);
        Optional<Integer> grace = graceDays(fields.get("soft_delete_grace_days"));
        if (retention.isEmpty() || audit.isEmpty() || grace.isEmpty()) {
            return Optional.empty();
        }
        String displayName = Optional.ofNullable(fields.get("name")).flatMap(tree::string).orElse(id);
        return Optional.of(new Region(id, displayName, names, tier.get(), retention.get(), audit.get(), grace.get(),
                database.get()));
    }

    private Optional<Tier> tier(YamlTree.Entry entry, boolean minimalForm) {
        if (entry == null) {
            return Optional.of(minimalForm ? Tier.PROD : Tier.LOCAL);
        }
        Optional<String> text = tree.string(entry);
        Optional<Tier> tier = text.flatMap(Tier::parse);
        if (text.isPresent() && tier.isEmpty()) {
            tree.problem(entry.node(), entry.path(), text.get(), "unknown tier", "use local, dev or prod");
        }
        return tier;
    }

    private List<String> jurisdictionNames(YamlTree.Entry region, Map<String, YamlTree.Entry> fields,
            Map<String, Jurisdiction> known) {
        YamlTree.Entry entry = fields.containsKey("jurisdictions") ? fields.get("jurisdictions") : fields.get("compliance");
        if (entry == null || (fields.containsKey("jurisdictions") && fields.containsKey("compliance"))) {
            tree.problem(region.node(), region.path() + ".jurisdictions", "",
                    entry == null ? "missing jurisdictions" : "both jurisdictions and compliance are given",
                    "give exactly one list, e.g. jurisdictions: [GDPR]");
            return List.of();
        }
        List<String> names = tree.strings(entry);
        boolean ok = !names.isEmpty();
        for (String name : names) {
            if (!known.containsKey(name)) {
                tree.problem(entry.node(), entry.path(), name, "unknown jurisdiction",
                        "use one of " + String.join(", ", known.keySet()) + ", or define it under jurisdictions:");
                ok = false;
            }
        }
        if (names.isEmpty()) {
            tree.problem(entry.node(), entry.path(), "", "no jurisdiction given", "name at least one, e.g. [GDPR]");
        }
        return ok ? List.copyOf(names) : List.of();
    }

    private Optional<DatabaseSpec> database(YamlTree.Entry region, Map<String, YamlTree.Entry> fields, Tier tier) {
        String hint = DatabaseReader.secretHint(region.key());
        if (fields.containsKey("database") == fields.containsKey("host")) {
            tree.problem(region.node(), region.path() + ".database", "",
                    fields.containsKey("host") ? "both database and host are given" : "missing database",
                    "give 'database: embedded', a database mapping (url, user, password: ${" + hint + "}), or host:");
            return Optional.empty();
        }
        if (fields.containsKey("database")) {
            return databases.read(fields.get("database"), tier, hint);
        }
        Optional<String> host = tree.string(fields.get("host"));
        int port = Optional.ofNullable(fields.get("port")).flatMap(tree::integer).orElse(5432);
        if (host.isEmpty() || !JdbcUrl.HOST.matcher(host.get()).matches()) {
            host.ifPresent(h -> tree.problem(fields.get("host").node(), fields.get("host").path(), h, "bad host name",
                    "write a DNS name or address such as db.eu-central.example.com"));
            return Optional.empty();
        }
        JdbcUrl url;
        try {
            url = JdbcUrl.of(host.get(), port, CatalogDefaults.DATABASE_NAME);
        } catch (JdbcUrl.Refused refused) {
            YamlTree.Entry at = fields.containsKey("port") ? fields.get("port") : fields.get("host");
            tree.problem(at.node(), at.path(), refused.value, refused.getMessage(), "use a port from 1 to 65535");
            return Optional.empty();
        }
        return Optional.of(new DatabaseSpec.Jdbc(url, CatalogDefaults.USER, Optional.of(new SecretRef(hint)),
                DatabaseReader.defaultTls(tier)));
    }

    private Optional<Integer> retention(YamlTree.Entry region, YamlTree.Entry entry, List<Jurisdiction> rules) {
        OptionalInt cap = rules.stream().map(Jurisdiction::personalDataMaxDays).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
        String capText = cap.isPresent() ? String.valueOf(cap.getAsInt()) : String.valueOf(JurisdictionReader.MAX_DAYS);
        String who = rules.stream().map(Jurisdiction::name).reduce((a, b) -> a + "+" + b).orElse("");
        if (entry == null) {
            OptionalInt fallback = rules.stream().map(Jurisdiction::personalDataDefaultDays).filter(OptionalInt::isPresent)
                    .mapToInt(OptionalInt::getAsInt).min();
            int days = fallback.orElse(cap.orElse(CatalogDefaults.RETENTION_DAYS));
            return Optional.of(cap.isPresent() ? Math.min(days, cap.getAsInt()) : days);
        }
        Optional<Integer> days = tree.integer(entry);
        if (days.isEmpty()) {
            return Optional.empty();
        }
        if (days.get() < 0) {
            tree.problem(entry.node(), entry.path(), days.get().toString(), "retention cannot be negative",
                    "set 0 to " + capText + " days");
            return Optional.empty();
        }
        int limit = cap.orElse(JurisdictionReader.MAX_DAYS);
        if (days.get() > limit) {
            tree.problem(entry.node(), entry.path(), days.get().toString(),
                    "retention exceeds the " + limit + " days that " + who + " allows for personal data",
                    "set at most " + limit + " days, or change the jurisdiction's personal_data.max_days");
            return Optional.empty();
        }
        return days;
    }

    private Optional<Integer> auditRetention(YamlTree.Entry entry, List<Jurisdiction> rules) {
        int minimum = rules.stream().mapToInt(Jurisdiction::auditMinDays).max().orElse(0);
        int maximum = rules.stream().map(Jurisdiction::auditMaxDays).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min().orElse(JurisdictionReader.MAX_DAYS);
        if (entry == null) {
            return Optional.of(Math.min(Math.max(minimum, DEFAULT_AUDIT_DAYS), maximum));
        }
        Optional<Integer> days = tree.integer(entry);
        if (days.isPresent() && (days.get() < minimum || days.get() > maximum)) {
            tree.problem(entry.node(), entry.path(), days.get().toString(),
                    "audit retention must be between the legal minimum " + minimum + " and " + maximum + " days",
                    days.get() < minimum ? "set at least " + minimum + " days" : "set at most " + maximum + " days");
            return Optional.empty();
        }
        return days;
    }

    private Optional<Integer> graceDays(YamlTree.Entry entry) {
        if (entry == null) {
            return Optional.of(DEFAULT_GRACE_DAYS);
        }
        Optional<Integer> days = tree.integer(entry);
        if (days.isPresent() && (days.get() < 0 || days.get() > MAX_GRACE_DAYS)) {
            tree.problem(entry.node(), entry.path(), days.get().toString(),
                    "soft-delete grace must be between 0 and " + MAX_GRACE_DAYS + " days",
                    "set 0 to " + MAX_GRACE_DAYS + " days (default " + DEFAULT_GRACE_DAYS + ")");
            return Optional.empty();
        }
        return days;
    }
}
