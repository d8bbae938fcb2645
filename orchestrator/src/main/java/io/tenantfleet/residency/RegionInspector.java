package io.tenantfleet.residency;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks one region for a residency report: reads its server ({@link RegionFacts}, one read-only
 * transaction through the region's guard) and turns what it says into findings. A region that
 * cannot be reached is {@code unknown}, with a RES-09 finding: never compliant.
 */
@Component
class RegionInspector {

    /** A region's check and its findings. */
    record Inspected(RegionCheck check, List<Finding> findings) {}

    private final RegionCatalog catalog;
    private final RegionGuard guard;
    private final TenantRegistry registry;

    RegionInspector(RegionCatalog catalog, RegionGuard guard, TenantRegistry registry) {
        this.catalog = catalog;
        this.guard = guard;
        this.registry = registry;
    }

    Inspected inspect(String regionId) {
        Region region = catalog.region(regionId);
        Map<String, Tenant> registered = new LinkedHashMap<>();
        registry.list(Optional.empty()).forEach(t -> registered.put(t.slug(), t));
        List<Tenant> homed = registered.values().stream()
                .filter(t -> t.homeRegion().equals(regionId) && t.status() == TenantStatus.ACTIVE).toList();
        Instant checkedAt = Instant.now();
        List<String> rules = Arrays.stream(ResidencyRule.values()).filter(r -> r != ResidencyRule.REGION_UNREACHABLE)
                .map(ResidencyRule::id).toList();
        try {
            RegionFacts facts = guard.inTransaction(regionId, connection -> RegionFacts.read(connection, homed));
            List<Finding> findings = RegionFindings.of(catalog, region, facts, registered, checkedAt);
            return new Inspected(new RegionCheck(regionId, RegionCheck.CHECKED, facts.server(), facts.ledgerHead(),
                    facts.ledgerEntries(), homed.size(), facts.schemas().size(), rules, Optional.empty()), findings);
        } catch (RegionUnavailableException e) {
            return unknown(region, homed.size(), OneLine.of(e.getMessage()), checkedAt);
        } catch (RuntimeException e) {
            return unknown(region, homed.size(), "the checks failed: " + OneLine.of(e.getMessage()), checkedAt);
        }
    }

    /** A region whose check never reported: unknown, with its RES-09 finding. */
    Inspected notChecked(String regionId, String why) {
        int tenants = (int) registry.list(Optional.of(regionId)).stream().filter(t -> t.status() == TenantStatus.ACTIVE)
                .count();
        return unknown(catalog.region(regionId), tenants, why, Instant.now());
    }

    private Inspected unknown(Region region, int tenants, String error, Instant checkedAt) {
        String server = region.database().isEmbedded() ? "embedded server of " + region.id()
                : ((io.tenantfleet.catalog.DatabaseSpec.Jdbc) region.database()).url();
        Finding finding = new Finding(ResidencyRule.REGION_UNREACHABLE.id(), region.id(), "region " + region.id(),
                "region " + region.id() + " could not be checked: its " + tenants + " tenants are unknown, not compliant",
                new Evidence(server, "region " + region.id(), RegionFacts.SERVER, error, checkedAt, catalog.digest()));
        return new Inspected(new RegionCheck(region.id(), RegionCheck.UNKNOWN, server, Optional.empty(), 0, tenants, 0,
                List.of(ResidencyRule.REGION_UNREACHABLE.id()), Optional.of(error)), List.of(finding));
    }

}
