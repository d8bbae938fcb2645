package io.tenantfleet.retention;

import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantSlug;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Seeds a provisioned tenant with {@link SampleData}, its data key unwrapped in its own region. */
@Component
public class SampleSeeder {

    private final RegionGuard guard;
    private final TenantKeyStore keys;

    SampleSeeder(RegionGuard guard, TenantKeyStore keys) {
        this.guard = guard;
        this.keys = keys;
    }

    public void seed(Tenant tenant, int users, boolean holdOne) {
        guard.call(tenant.homeRegion(), connection -> {
            SampleData.seed(connection, new TenantSlug(tenant.slug()), tenant.id(), keys.unwrap(connection, tenant.id()),
                    Instant.now(), users, holdOne);
            return null;
        });
    }
}
