package io.tenantfleet.provisioning;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.tenant.TenantSlug;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A validated request to provision one organization. Built by {@link #of}, which refuses bad input
 * (slug, name, region, frameworks) before any SQL runs.
 *
 * @param frameworks the region's jurisdictions plus any extra frameworks asked for, without repeats
 */
public record ProvisionRequest(TenantSlug slug, String displayName, Region region, List<String> frameworks) {

    static final int MAX_NAME = 200;

    public ProvisionRequest {
        frameworks = List.copyOf(frameworks);
    }

    public static ProvisionRequest of(String slug, String displayName, String regionId, List<String> frameworks,
            RegionCatalog catalog) {
        TenantSlug checkedSlug = new TenantSlug(slug);
        String name = checkName(slug, displayName);
        Region region = catalog.region(regionId == null ? "" : regionId);
        LinkedHashSet<String> all = new LinkedHashSet<>(region.jurisdictions());
        for (String framework : frameworks) {
            String trimmed = framework.strip();
            if (catalog.findJurisdiction(trimmed).isEmpty()) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "unknown framework '" + trimmed + "' in --frameworks;"
                        + " use names defined in " + catalog.source() + ": " + String.join(", ", catalog.jurisdictions().keySet()));
            }
            all.add(trimmed);
        }
        return new ProvisionRequest(checkedSlug, name, region, new ArrayList<>(all));
    }

    /** The display name, stripped, or a bad-input error: 1-200 printable characters. */
    public static String checkName(String slug, String displayName) {
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --name for " + slug + ": give 1-" + MAX_NAME
                    + " printable characters, e.g. --name \"Acme Health\"");
        }
        return name;
    }
}
