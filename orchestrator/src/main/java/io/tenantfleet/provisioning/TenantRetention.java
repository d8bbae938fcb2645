package io.tenantfleet.provisioning;

import io.tenantfleet.catalog.Jurisdiction;
import io.tenantfleet.catalog.RegionCatalog;
import java.util.List;
import java.util.OptionalInt;

/**
 * The retention a new tenant gets: its region's figures, tightened by every framework it is under,
 * so that personal data never outlives the strictest cap and audit records never go before the
 * longest legal minimum.
 */
record TenantRetention(int personalDataDays, OptionalInt personalDataMaxDays, int auditMinDays, int auditDays) {

    static TenantRetention of(ProvisionRequest request, RegionCatalog catalog) {
        List<Jurisdiction> rules = request.frameworks().stream().map(name -> catalog.findJurisdiction(name).orElseThrow())
                .toList();
        OptionalInt cap = rules.stream().map(Jurisdiction::personalDataMaxDays).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
        int personal = cap.isPresent() ? Math.min(request.region().retentionDays(), cap.getAsInt())
                : request.region().retentionDays();
        int auditMin = rules.stream().mapToInt(Jurisdiction::auditMinDays).max().orElse(0);
        int audit = Math.max(request.region().auditRetentionDays(), auditMin);
        return new TenantRetention(personal, cap, auditMin, audit);
    }
}
