package io.tenantfleet.catalog;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable region catalog: jurisdictions, regions in catalog order, the control
 * plane's database and the metadata sync's settings. Built only by {@link CatalogLoader}.
 */
public final class RegionCatalog {

    private final String source;
    private final Map<String, Jurisdiction> jurisdictions;
    private final Map<String, Region> regions;
    private final DatabaseSpec controlPlane;
    private final int kThreshold;
    private final String digest;

    RegionCatalog(String source, Map<String, Jurisdiction> jurisdictions, List<Region> regions,
            DatabaseSpec controlPlane, int kThreshold, String digest) {
        this.source = source;
        this.jurisdictions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jurisdictions));
        Map<String, Region> byId = new LinkedHashMap<>();
        regions.forEach(region -> byId.put(region.id(), region));
        this.regions = java.util.Collections.unmodifiableMap(byId);
        this.controlPlane = controlPlane;
        this.kThreshold = kThreshold;
        this.digest = digest;
    }

    /** SHA-256 (hex) of the bundled jurisdiction rules and the catalog's text: which policy a report was made under. */
    public String digest() {
        return digest;
    }

    /** The file (or resource) the catalog was read from. */
    public String source() {
        return source;
    }

    public List<Region> regions() {
        return new ArrayList<>(regions.values());
    }

    public Optional<Region> findRegion(String id) {
        return Optional.ofNullable(regions.get(id));
    }

    /** The region with this id, or a bad-input error that lists the known ids. */
    public Region region(String id) {
        return findRegion(id).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "unknown region '" + id + "' in " + source + "; use one of " + String.join(", ", regions.keySet())));
    }

    /**
     * The regions named, in catalog order, or every region when none is named; a name the catalog
     * does not know is bad input naming {@code option} (e.g. {@code --regions}) and the known ids.
     */
    public List<Region> select(List<String> ids, String option) {
        for (String id : ids) {
            if (!regions.containsKey(id)) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "unknown region '" + id + "' in " + option
                        + "; known: " + String.join(", ", regions.keySet()));
            }
        }
        return regions.values().stream().filter(r -> ids.isEmpty() || ids.contains(r.id())).toList();
    }

    public Map<String, Jurisdiction> jurisdictions() {
        return jurisdictions;
    }

    public Optional<Jurisdiction> findJurisdiction(String name) {
        return Optional.ofNullable(jurisdictions.get(name));
    }

    public DatabaseSpec controlPlane() {
        return controlPlane;
    }

    /** True when every region and the control plane run on embedded servers (the local catalog). */
    public boolean isAllEmbedded() {
        return controlPlane.isEmbedded() && regions.values().stream().allMatch(r -> r.database().isEmbedded());
    }

    /**
     * Whether anonymized metadata of {@code source} may be synced to {@code destination}: always
     * within a region; otherwise only when every jurisdiction of {@code source} lets aggregates leave
     * ({@code aggregates_may_leave_region}) and, where it has an allowlist
     * ({@code aggregates_destinations}), lists one of {@code destination}'s jurisdictions. The reason
     * names the first rule, in the source region's order, that forbids it, or what allows it.
     */
    public TransferDecision metadataTransfer(Region source, Region destination) {
        return new TransferRules(jurisdictions).decide(source, destination);
    }

    /**
     * The metadata sync's k-threshold ({@code sync.k_threshold}, default 5, at least 2): counts
     * below it are suppressed.
     */
    public int kThreshold() {
        return kThreshold;
    }
}
