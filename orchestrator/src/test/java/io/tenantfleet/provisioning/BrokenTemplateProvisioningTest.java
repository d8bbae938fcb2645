package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = {
        "orchestrator.data-dir=target/test-fleet/${random.uuid}",
        "orchestrator.embedded-fast=true",
        "orchestrator.tenant-template=classpath:broken-tenant"})
class BrokenTemplateProvisioningTest {

    @Autowired
    ProvisioningService service;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;

    @Test
    void aTemplateThatFailsHalfwayLeavesNoSchemaNoRolesNoKeyAndATenantFailedWithTheReason() {
        ProvisionRequest request = ProvisionRequest.of("half_built", "Half Built", "eu-central", List.of(), catalog);

        assertThatThrownBy(() -> service.provision(request)).isInstanceOf(ProvisioningFailedException.class)
                .hasMessageContaining("tenant template migration failed");
        assertThatThrownBy(() -> service.provision(request)).isInstanceOf(ProvisioningFailedException.class);

        Tenant tenant = registry.find("half_built").orElseThrow();
        assertThat(tenant.status()).isEqualTo(TenantStatus.FAILED);
        assertThat(tenant.attempts()).isEqualTo(2);
        assertThat(tenant.failureReason()).hasValueSatisfying(reason -> assertThat(reason).contains("division by zero"));
        RegionSql sql = new RegionSql(connections);
        assertThat(sql.count("eu-central", "SELECT count(*) FROM pg_namespace WHERE nspname = 'org_half_built'")).isZero();
        assertThat(sql.count("eu-central", "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'org_half_built%'")).isZero();
        assertThat(sql.count("eu-central", "SELECT count(*) FROM fleet.tenant_keys WHERE tenant_slug = 'half_built'")).isZero();
        assertThat(registry.history(tenant.id())).endsWith("ROLLED_BACK");
    }
}
