package io.tenantfleet.support;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.retention.SampleData;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** Tenants provisioned as {@code provision} does and seeded with sample users and assessments ({@link SampleData}). */
public final class SeededTenants {

    private final ProvisioningService provisioning;
    private final TenantRegistry registry;
    private final RegionCatalog catalog;
    private final RegionConnections connections;
    private final TenantKeyStore keys;

    public SeededTenants(ProvisioningService provisioning, TenantRegistry registry, RegionCatalog catalog,
            RegionConnections connections, TenantKeyStore keys) {
        this.provisioning = provisioning;
        this.registry = registry;
        this.catalog = catalog;
        this.connections = connections;
        this.keys = keys;
    }

    /** The tenant, provisioned in {@code region} and seeded with {@code users} sample users the first time it is asked for. */
    public Tenant ensure(String slug, String region, int users) throws Exception {
        if (registry.find(slug).isEmpty()) {
            provisioning.provision(ProvisionRequest.of(slug, "Org " + slug, region, List.of(), catalog));
            Tenant tenant = registry.find(slug).orElseThrow();
            try (Connection connection = connections.dataSource(region).getConnection()) {
                SampleData.seed(connection, new TenantSlug(slug), tenant.id(), keys.unwrap(connection, tenant.id()),
                        Instant.now(), users, false);
            }
        }
        return registry.find(slug).orElseThrow();
    }
}
