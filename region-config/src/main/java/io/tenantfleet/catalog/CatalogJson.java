package io.tenantfleet.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The document of {@code catalog validate --output json}, format {@value #FORMAT}: whether the catalog
 * is valid, its regions and control plane as connections will use them (URL, TLS mode, the password's
 * environment variable and whether it is set, never its value), or every problem found. Field names
 * are snake_case; absent values are {@code null}. Maps and lists only, so any JSON writer prints it.
 */
public final class CatalogJson {

    /** Names the document's structure; a change to it is a new number. */
    public static final String FORMAT = "tenant-fleet/catalog-validation/1";

    private CatalogJson() {
    }

    /**
     * @param source      the file or resource checked, as the operator named it
     * @param environment where password variables are looked up (the process environment)
     */
    public static Map<String, Object> document(String source, CatalogValidation validation,
            Function<String, String> environment) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("source", validation.catalog().map(RegionCatalog::source).orElse(source));
        document.put("valid", validation.isValid());
        document.put("regions", validation.catalog().map(catalog -> catalog.regions().stream()
                .map(region -> region(region, environment)).toList()).orElse(List.of()));
        document.put("control_plane", validation.catalog().map(catalog -> database(catalog.controlPlane(), environment))
                .orElse(null));
        document.put("problems", validation.problems().stream().map(CatalogJson::problem).toList());
        return document;
    }

    private static Map<String, Object> region(Region region, Function<String, String> environment) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", region.id());
        entry.put("name", region.displayName());
        entry.put("jurisdictions", region.jurisdictions());
        entry.put("tier", region.tier().label());
        entry.put("retention_days", region.retentionDays());
        entry.put("audit_retention_days", region.auditRetentionDays());
        entry.put("soft_delete_grace_days", region.softDeleteGraceDays());
        entry.put("database", database(region.database(), environment));
        return entry;
    }

    private static Map<String, Object> database(DatabaseSpec spec, Function<String, String> environment) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", spec.isEmbedded() ? "embedded" : "jdbc");
        DatabaseSpec.Jdbc jdbc = spec instanceof DatabaseSpec.Jdbc j ? j : null;
        entry.put("url", jdbc == null ? null : jdbc.url());
        entry.put("tls_mode", jdbc == null ? null : jdbc.effectiveTlsMode());
        entry.put("password_env", jdbc == null ? null : jdbc.password().map(SecretRef::variable).orElse(null));
        entry.put("password_set", jdbc == null ? null : jdbc.password().map(p -> p.isSet(environment)).orElse(null));
        return entry;
    }

    /** The problem's parts and its one-line message; the offending value only as the message shows it. */
    private static Map<String, Object> problem(CatalogProblem problem) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file", problem.file());
        entry.put("line", problem.line());
        entry.put("path", problem.path());
        entry.put("error", problem.error());
        entry.put("fix", problem.fix());
        entry.put("message", problem.message());
        return entry;
    }
}
