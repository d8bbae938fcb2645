package io.tenantfleet.rollout;

import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Finds tenant schemas whose history or structure differs from the template at their version:
 * history rows are compared with the template's migrations (version, script, checksum), and the
 * structure with a reference schema built from the template in a transaction that is rolled back
 * ({@link ReferenceSchemas}). From template version 3 on, every table must have a row in the
 * schema's retention_map ({@link UnmappedTables}). The tenant schemas are read in a read-only
 * transaction.
 */
@Component
public class DriftDetector {

    private static final String FINGERPRINT = resource("sql/queries/schema_fingerprint.sql");

    private final TenantRegistry registry;
    private final TenantTemplate template;
    private final RegionGuard guard;
    private final ReferenceSchemas referenceSchemas;

    DriftDetector(TenantRegistry registry, TenantTemplate template, RegionGuard guard, ReferenceSchemas referenceSchemas) {
        this.registry = registry;
        this.template = template;
        this.guard = guard;
        this.referenceSchemas = referenceSchemas;
    }

    /** A report per ACTIVE tenant of the given region. */
    public List<DriftReport> inspect(String region) {
        template.refresh();
        List<Tenant> tenants = registry.list(Optional.of(region)).stream()
                .filter(t -> t.status() == TenantStatus.ACTIVE).toList();
        if (tenants.isEmpty()) {
            return List.of();
        }
        Map<String, List<String[]>> histories = new HashMap<>();
        Map<String, List<String>> unmapped = new HashMap<>();
        Map<String, Set<String>> structures = guard.read(region, connection -> {
            for (Tenant tenant : tenants) {
                TenantSlug slug = new TenantSlug(tenant.slug());
                histories.put(tenant.slug(), history(connection, slug));
                unmapped.put(tenant.slug(), UnmappedTables.read(connection, slug));
            }
            return fingerprints(connection, tenants.stream().map(t -> "org_" + t.slug()).toList());
        });
        return compare(region, tenants, histories, structures, unmapped);
    }

    private List<DriftReport> compare(String region, List<Tenant> tenants, Map<String, List<String[]>> histories,
            Map<String, Set<String>> structures, Map<String, List<String>> unmapped) {
        Map<String, Set<String>> references = new HashMap<>();
        List<DriftReport> reports = new ArrayList<>();
        for (Tenant tenant : tenants) {
            List<String[]> history = histories.get(tenant.slug());
            List<String> differences = new ArrayList<>();
            String version = compareHistory(history, differences);
            if (history == null) {
                reports.add(new DriftReport(tenant.slug(), region, "-", List.of("missing: the schema or its history")));
                continue;
            }
            Set<String> reference = references.computeIfAbsent(version, v -> referenceSchemas.build(region,
                    TemplateVersion.parse(v), (connection, schema) -> fingerprints(connection, List.of(schema))
                            .getOrDefault(schema, Set.of())));
            Set<String> actual = structures.getOrDefault("org_" + tenant.slug(), Set.of());
            new TreeSet<>(reference).stream().filter(item -> !actual.contains(item)).forEach(i -> differences.add("missing: " + i));
            new TreeSet<>(actual).stream().filter(item -> !reference.contains(item)).forEach(i -> differences.add("extra: " + i));
            differences.addAll(UnmappedTables.differences(version, unmapped.get(tenant.slug())));
            reports.add(new DriftReport(tenant.slug(), region, version, differences));
        }
        return reports;
    }

    /** Checks each history row against the template; returns the schema's version. */
    private String compareHistory(List<String[]> history, List<String> differences) {
        if (history == null) {
            return "0";
        }
        String version = "0";
        for (String[] row : history) {
            if (!"t".equals(row[3])) {
                differences.add("history: V" + row[0] + " (" + row[1] + ") failed and was not repaired");
                continue;
            }
            Optional<TemplateMigration> migration = template.find(TemplateVersion.parse(row[0]));
            if (migration.isEmpty()) {
                differences.add("history: V" + row[0] + " (" + row[1] + ") is not in the template");
            } else if (!migration.get().script().equals(row[1]) || migration.get().checksum() != Integer.parseInt(row[2])) {
                differences.add("history: V" + row[0] + " checksum " + row[2] + " differs from the template's "
                        + migration.get().checksum() + " (" + migration.get().script() + ")");
            }
            version = row[0];
        }
        return version;
    }

    private static List<String[]> history(Connection connection, TenantSlug slug) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT to_regclass(quote_ident(?) || '.flyway_schema_history') IS NOT NULL")) {
            exists.setString(1, slug.schema());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return null;
                }
            }
        }
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT version, script, coalesce(checksum, 0), CASE WHEN success THEN 't' ELSE 'f' END FROM "
                        + TenantSlug.quote(slug.schema()) + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return rows;
    }

    /**
     * Structure lines per schema. Object definitions are printed with only pg_catalog on the search
     * path, so every reference is schema-qualified the same way for tenant and reference schemas.
     */
    private static Map<String, Set<String>> fingerprints(Connection connection, List<String> schemas) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement path = connection.createStatement()) {
            path.execute("SET LOCAL search_path = pg_catalog");
            return readFingerprints(connection, schemas);
        } finally {
            if (autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private static Map<String, Set<String>> readFingerprints(Connection connection, List<String> schemas) throws SQLException {
        Map<String, Set<String>> result = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(FINGERPRINT)) {
            statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), s -> new java.util.HashSet<>()).add(rs.getString(2));
                }
            }
        }
        return result;
    }

    private static String resource(String name) {
        try (InputStream in = DriftDetector.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing " + name + " on the classpath", e);
        }
    }
}
