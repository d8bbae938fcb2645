package io.tenantfleet.credentials;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Hands a tenant's application its data key (for the schema's {@code pii_*} functions) with its
 * login: unwrapped with the master key, shown once like the password, never stored or logged, and
 * each handout recorded in the region's residency ledger (who got it is the ledger's business).
 */
@Service
public class DataKeyHandout {

    /** What the application sets per session: its organization and the data key (64 hex characters). */
    public record AppKeys(String orgId, String dataKey) {
        @Override
        public String toString() {
            return "AppKeys[" + orgId + ", data key hidden]";
        }
    }

    private final TenantRegistry registry;
    private final RegionGuard guard;
    private final TenantKeyStore keys;

    DataKeyHandout(TenantRegistry registry, RegionGuard guard, TenantKeyStore keys) {
        this.registry = registry;
        this.guard = guard;
        this.keys = keys;
    }

    public AppKeys handOut(TenantSlug slug, String login) {
        Tenant tenant = registry.find(slug.value()).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "unknown organization '" + slug + "'"));
        String region = tenant.homeRegion();
        return guard.inTransaction(region, connection -> {
            String key = keys.unwrap(connection, tenant.id());
            ResidencyLedger.append(connection, region, "TENANT_DATA_KEY_HANDED_OUT", tenant.id(), slug.value(),
                    slug.schema(), Map.of("with_login", login));
            return new AppKeys(tenant.id().toString(), key);
        });
    }
}
