package io.tenantfleet.catalog;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads region catalogs. Every catalog starts from the bundled jurisdiction rules
 * ({@code region-config/jurisdictions.yml}), which its own {@code jurisdictions:} section may extend
 * or override. Validation returns every problem at once; {@link #load} throws them.
 */
public final class CatalogLoader {

    /** The default catalog: three embedded regions (GDPR, HIPAA, APPI) and an embedded control plane. */
    public static final String LOCAL_CATALOG = "region-config/local.yml";

    private static final Set<String> TOP_KEYS = Set.of("version", "jurisdictions", "regions", "control_plane", "sync");
    private static final long MAX_FILE_BYTES = 1_000_000;

    private final Map<String, Jurisdiction> bundledJurisdictions;
    private final String bundledText;

    public CatalogLoader() {
        List<CatalogProblem> problems = new ArrayList<>();
        YamlTree tree = new YamlTree(CatalogDefaults.JURISDICTIONS_RESOURCE, problems);
        this.bundledText = resource(CatalogDefaults.JURISDICTIONS_RESOURCE);
        Map<String, Jurisdiction> rules = tree.compose(bundledText)
                .map(root -> tree.mapping(root, "", Set.of("jurisdictions"), Set.of("jurisdictions")).get("jurisdictions"))
                .map(entry -> new JurisdictionReader(tree).read(entry.node(), entry.path(), Map.of()))
                .orElse(Map.of());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bundled jurisdiction rules are invalid: " + problems);
        }
        this.bundledJurisdictions = rules;
    }

    /** Reads and validates a catalog file. */
    public CatalogValidation validate(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (!Files.isRegularFile(file)) {
                return failed(name, "catalog file not found at " + file.toAbsolutePath(),
                        "pass an existing file, e.g. region-config/local.yml");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                return failed(name, "catalog file is larger than " + MAX_FILE_BYTES + " bytes", "split or trim it");
            }
            return validate(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            return failed(name, "cannot read the catalog: " + e.getMessage(), "check the path and its permissions");
        }
    }

    /** Reads and validates catalog text; {@code source} names it in every message. */
    public CatalogValidation validate(String source, String text) {
        List<CatalogProblem> problems = new ArrayList<>();
        YamlTree tree = new YamlTree(source, problems);
        Optional<Node> root = tree.compose(text);
        if (root.isEmpty()) {
            return new CatalogValidation(Optional.empty(), problems);
        }
        Map<String, YamlTree.Entry> top = tree.mapping(root.get(), "", TOP_KEYS, Set.of("regions"));
        top.computeIfPresent("version", (k, v) -> checkVersion(tree, v));
        Map<String, Jurisdiction> jurisdictions = top.containsKey("jurisdictions")
                ? new JurisdictionReader(tree).read(top.get("jurisdictions").node(), "jurisdictions", bundledJurisdictions)
                : bundledJurisdictions;
        List<Region> regions = top.containsKey("regions") ? regions(tree, top.get("regions"), jurisdictions) : List.of();
        DatabaseSpec controlPlane = top.containsKey("control_plane") ? controlPlane(tree, top.get("control_plane"))
                : new DatabaseSpec.Embedded();
        int kThreshold = top.containsKey("sync") ? kThreshold(tree, top.get("sync")) : CatalogDefaults.K_THRESHOLD;
        if (!problems.isEmpty() || controlPlane == null) {
            return new CatalogValidation(Optional.empty(), problems);
        }
        return new CatalogValidation(Optional.of(new RegionCatalog(source, jurisdictions, regions, controlPlane,
                kThreshold, digest(bundledText, text))), problems);
    }

    /** Reads a catalog file, or throws a {@link CatalogException} carrying every problem. */
    public RegionCatalog load(Path file) {
        return validate(file).orThrow();
    }

    /** Reads a catalog bundled on the classpath, such as {@link #LOCAL_CATALOG}. */
    public RegionCatalog loadResource(String name) {
        return validate(name, resource(name)).orThrow();
    }

    private static YamlTree.Entry checkVersion(YamlTree tree, YamlTree.Entry entry) {
        tree.integer(entry).filter(v -> v != 1).ifPresent(v -> tree.problem(entry.node(), entry.path(), v.toString(),
                "unsupported catalog version", "write version: 1"));
        return entry;
    }

    private static List<Region> regions(YamlTree tree, YamlTree.Entry entry, Map<String, Jurisdiction> jurisdictions) {
        RegionReader reader = new RegionReader(tree);
        Map<String, YamlTree.Entry> entries = tree.mapping(entry.node(), entry.path(), Set.of(), Set.of());
        if (entries.isEmpty()) {
            tree.problem(entry.node(), entry.path(), "", "no regions defined", "add at least one region under regions:");
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        for (YamlTree.Entry regionEntry : entries.values()) {
            reader.read(regionEntry, jurisdictions).ifPresent(region -> regions.put(region.id(), region));
        }
        return new ArrayList<>(regions.values());
    }

    /** {@code sync: {k_threshold: N}}: a whole number of at least {@link CatalogDefaults#MIN_K_THRESHOLD}. */
    private static int kThreshold(YamlTree tree, YamlTree.Entry entry) {
        YamlTree.Entry field = tree.mapping(entry.node(), entry.path(), Set.of("k_threshold"), Set.of()).get("k_threshold");
        Optional<String> text = field == null ? Optional.empty() : tree.string(field);
        if (text.isEmpty()) {
            return CatalogDefaults.K_THRESHOLD;
        }
        try {
            int k = Integer.parseInt(text.get().trim());
            if (k >= CatalogDefaults.MIN_K_THRESHOLD) {
                return k;
            }
        } catch (NumberFormatException e) {
            // reported below, with the out-of-range values
        }
        tree.problem(field.node(), field.path(), text.get(), "the k-threshold must be a whole number of at least "
                + CatalogDefaults.MIN_K_THRESHOLD, "write e.g. k_threshold: " + CatalogDefaults.K_THRESHOLD
                + " (the default; counts below it are suppressed)");
        return CatalogDefaults.K_THRESHOLD;
    }

    private static DatabaseSpec controlPlane(YamlTree tree, YamlTree.Entry entry) {
        Map<String, YamlTree.Entry> fields = tree.mapping(entry.node(), entry.path(), Set.of("database", "tier"),
                Set.of("database"));
        Tier tier = Optional.ofNullable(fields.get("tier")).flatMap(tree::string).map(text -> Tier.parse(text).orElseGet(() -> {
            tree.problem(fields.get("tier").node(), fields.get("tier").path(), text, "unknown tier", "use local, dev or prod");
            return Tier.PROD;
        })).orElse(Tier.PROD);
        if (!fields.containsKey("database")) {
            return null;
        }
        return new DatabaseReader(tree).read(fields.get("database"), tier, "CONTROL_PLANE_PASSWORD").orElse(null);
    }

    private static CatalogValidation failed(String file, String error, String fix) {
        return new CatalogValidation(Optional.empty(), List.of(new CatalogProblem(file, 0, "", "", error, fix)));
    }

    /** SHA-256 (hex) of the bundled jurisdiction rules and the catalog text: the policy version the catalog stands for. */
    private static String digest(String bundled, String text) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(bundled.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new OrchestratorException(ErrorCode.INVALID_CATALOG, "bundled catalog " + name
                        + " is missing from the classpath; rebuild with ./mvnw package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OrchestratorException(ErrorCode.INVALID_CATALOG, "cannot read bundled " + name + ": " + e.getMessage(), e);
        }
    }
}
