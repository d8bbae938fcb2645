package io.tenantfleet.provisioning;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.keys.MasterKeyProvider;
import io.tenantfleet.ops.FleetMeters;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionTenantLocks;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantLocks;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Provisions organizations: refuses conflicting requests, leaves ACTIVE tenants untouched, and runs
 * the provisioning job under the tenant's lock so no other run works on it at the same time.
 */
@Service
public class ProvisioningService {

    private final TenantRegistry registry;
    private final TenantLocks locks;
    private final JobOperator jobOperator;
    private final Job job;
    private final PendingNames names;
    private final MasterKeyProvider masterKeys;
    private final RegionConnections connections;
    private final RegionTenantLocks regionLocks;
    private final FleetMeters meters;

    ProvisioningService(TenantRegistry registry, TenantLocks locks, JobOperator jobOperator,
            @Qualifier(ProvisioningJobConfiguration.JOB_NAME) Job job, PendingNames names, MasterKeyProvider masterKeys,
            RegionConnections connections, RegionTenantLocks regionLocks, FleetMeters meters) {
        this.regionLocks = regionLocks;
        this.meters = meters;
        this.masterKeys = masterKeys;
        this.connections = connections;
        this.registry = registry;
        this.locks = locks;
        this.jobOperator = jobOperator;
        this.job = job;
        this.names = names;
    }

    /** Provisions the organization, or finds it ACTIVE; the outcome and its time go to the meters. */
    public ProvisionOutcome provision(ProvisionRequest request) {
        long started = System.nanoTime();
        try {
            ProvisionOutcome outcome = provisionOnce(request, started);
            meters.provisioned(outcome.action().name(), since(started));
            return outcome;
        } catch (ProvisioningFailedException e) {
            meters.provisioned("failed", since(started));
            throw e;
        }
    }

    private ProvisionOutcome provisionOnce(ProvisionRequest request, long started) {
        Optional<Tenant> already = activeOrConflict(request);
        if (already.isPresent()) {
            return new ProvisionOutcome(already.get(), ProvisionOutcome.Action.ALREADY_ACTIVE, since(started));
        }
        // secrets first: a missing master key or region password is bad input, not a failed tenant
        masterKeys.masterKey();
        connections.checkSecrets(request.region().id());
        try (AdvisoryLocks.Held lock = locks.acquire(request.slug(), "provision")) {
            already = activeOrConflict(request);
            if (already.isPresent()) {
                return new ProvisionOutcome(already.get(), ProvisionOutcome.Action.ALREADY_ACTIVE, since(started));
            }
            Optional<AdvisoryLocks.Held> regionLock = regionLocks.acquire(request.region().id(), request.slug().value());
            JobExecution execution;
            try {
                execution = run(request);
            } finally {
                regionLock.ifPresent(AdvisoryLocks.Held::close);
            }
            Tenant tenant = registry.find(request.slug().value()).orElseThrow();
            if (execution.getStatus() != BatchStatus.COMPLETED || tenant.status() != TenantStatus.ACTIVE) {
                throw new ProvisioningFailedException(request.slug().value(),
                        tenant.failureReason().orElse(ProvisioningFailures.reason(execution)));
            }
            return new ProvisionOutcome(tenant, ProvisionOutcome.Action.PROVISIONED, since(started));
        }
    }

    private JobExecution run(ProvisionRequest request) {
        String requestId = UUID.randomUUID().toString();
        names.put(requestId, request.displayName());
        try {
            JobParameters parameters = new JobParametersBuilder()
                    .addString(ProvisioningSteps.SLUG, request.slug().value())
                    .addString(ProvisioningSteps.REGION, request.region().id())
                    .addString(ProvisioningSteps.FRAMEWORKS, String.join(",", request.frameworks()))
                    .addString(ProvisioningSteps.REQUEST, requestId)
                    .toJobParameters();
            return jobOperator.start(job, parameters);
        } catch (org.springframework.batch.core.launch.JobExecutionAlreadyRunningException
                | org.springframework.batch.core.launch.JobRestartException
                | org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException
                | org.springframework.batch.core.job.parameters.InvalidJobParametersException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot start provisioning of " + request.slug()
                    + ": " + e.getMessage(), e);
        } finally {
            names.remove(requestId);
        }
    }

    /** The tenant when it is already ACTIVE where asked; refuses a request that names another region. */
    private Optional<Tenant> activeOrConflict(ProvisionRequest request) {
        Optional<Tenant> existing = registry.find(request.slug().value());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Tenant tenant = existing.get();
        if (!tenant.homeRegion().equals(request.region().id())) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization " + tenant.slug() + " is "
                    + tenant.status() + " in region " + tenant.homeRegion() + ", not " + request.region().id()
                    + "; provision it with --region " + tenant.homeRegion());
        }
        return tenant.status() == TenantStatus.ACTIVE ? existing : Optional.empty();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
