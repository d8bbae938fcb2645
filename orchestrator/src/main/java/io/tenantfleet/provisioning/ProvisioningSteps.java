package io.tenantfleet.provisioning;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.stereotype.Component;

/**
 * The work of each provisioning step. Run inputs come from the job's parameters (slug, region,
 * frameworks, request id) and its execution context (tenant id, schema version); the display
 * name, which may be personal, comes from {@link PendingNames} and never reaches the control plane.
 */
@Component
class ProvisioningSteps {

    static final String SLUG = "slug";
    static final String REGION = "region";
    static final String FRAMEWORKS = "frameworks";
    static final String REQUEST = "request";
    static final String TENANT_ID = "tenantId";
    static final String VERSION = "schemaVersion";

    private final RegionCatalog catalog;
    private final RegionGuard guard;
    private final TenantRegistry registry;
    private final TenantBuild build;
    private final PendingNames names;

    ProvisioningSteps(RegionCatalog catalog, RegionGuard guard, TenantRegistry registry, TenantBuild build,
            PendingNames names) {
        this.catalog = catalog;
        this.guard = guard;
        this.registry = registry;
        this.build = build;
        this.names = names;
    }

    void register(JobExecution job) {
        ProvisionRequest request = request(job);
        Tenant tenant = registry.beginAttempt(request.slug(), request.region().id(), request.frameworks());
        job.getExecutionContext().putString(TENANT_ID, tenant.id().toString());
        registry.recordHistory(tenant, "REQUESTED", "attempt " + tenant.attempts(), job.getId());
    }

    void createSchema(JobExecution job) {
        ProvisionRequest request = request(job);
        Tenant tenant = tenant(job);
        inRegion(request, connection -> build.createSchema(connection, tenant, request));
        registry.recordHistory(tenant, "SCHEMA_CREATED", request.slug().schema(), job.getId());
    }

    void migrate(JobExecution job) {
        ProvisionRequest request = request(job);
        Tenant tenant = tenant(job);
        String version = guard.call(request.region().id(), connection -> build.migrate(connection, tenant, request));
        job.getExecutionContext().putString(VERSION, version);
        registry.recordHistory(tenant, "MIGRATED", "schema version " + version, job.getId());
    }

    void configure(JobExecution job) {
        ProvisionRequest request = request(job);
        Tenant tenant = tenant(job);
        String version = job.getExecutionContext().getString(VERSION);
        inRegion(request, connection -> build.configure(connection, tenant, request, version));
        registry.recordHistory(tenant, "CONFIGURED", "retention, data key, ledger", job.getId());
    }

    void activate(JobExecution job) {
        Tenant tenant = tenant(job);
        String version = job.getExecutionContext().getString(VERSION);
        registry.markActive(tenant.id(), version);
        registry.recordHistory(tenant, "ACTIVATED", "schema version " + version, job.getId());
    }

    /** After a failed run: remove what it built in the region (if reachable) and record FAILED. */
    void compensate(JobExecution job, String reason) {
        if (!job.getExecutionContext().containsKey(TENANT_ID)) {
            return;
        }
        ProvisionRequest request = request(job);
        Tenant tenant = tenant(job);
        String outcome;
        try {
            inRegion(request, connection -> TenantSchemaBuilder.removeLeftovers(connection, request.region().id(),
                    tenant.id(), request.slug(), reason));
            outcome = "ROLLED_BACK";
        } catch (RuntimeException e) {
            outcome = "FAILED";
        }
        registry.markFailed(tenant.id(), reason);
        registry.recordHistory(tenant, outcome, reason, job.getId());
    }

    ProvisionRequest request(JobExecution job) {
        JobParameters parameters = job.getJobParameters();
        List<String> frameworks = Arrays.stream(parameters.getString(FRAMEWORKS, "").split(","))
                .filter(s -> !s.isBlank()).toList();
        String name = names.get(parameters.getString(REQUEST));
        return ProvisionRequest.of(parameters.getString(SLUG), name, parameters.getString(REGION), frameworks, catalog);
    }

    private Tenant tenant(JobExecution job) {
        UUID id = UUID.fromString(job.getExecutionContext().getString(TENANT_ID));
        String slug = job.getJobParameters().getString(SLUG);
        Tenant tenant = registry.find(slug).orElseThrow();
        if (!tenant.id().equals(id)) {
            throw new IllegalStateException("tenant " + slug + " changed identity during provisioning");
        }
        return tenant;
    }

    interface RegionWork {
        void run(Connection connection) throws SQLException;
    }

    private void inRegion(ProvisionRequest request, RegionWork work) {
        guard.call(request.region().id(), connection -> {
            work.run(connection);
            return null;
        });
    }
}
