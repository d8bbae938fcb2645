package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.keys.MasterKeyProvider;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenants: onboarding one organization (asynchronous, with an {@code Idempotency-Key}), the list and
 * one tenant with status and schema version. The tenant is its own status resource: ACCEPTED until
 * the provisioning job records it, then PROVISIONING, ACTIVE or FAILED (REJECTED when the request
 * failed before that).
 */
@RestController
@RequestMapping("/api/tenants")
class TenantController {

    /** An organization to onboard, as {@code provision} takes it. */
    record Onboarding(String org, String name, String region, List<String> frameworks) {
    }

    /** A tenant as the API shows it: no personal data (no display name). */
    record TenantView(String org, String region, String status, Optional<String> version, List<String> frameworks,
            Optional<String> error, Optional<String> errorCode, int attempts, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {

        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.slug(), tenant.homeRegion(), tenant.status().name(), tenant.schemaVersion(),
                    tenant.frameworks(), tenant.failureReason(), Optional.empty(), tenant.attempts(), tenant.createdAt(),
                    tenant.updatedAt());
        }

        static TenantView pending(ApiRequests.Accepted request) {
            return new TenantView(request.slug(), null, request.errorCode().isPresent() ? "REJECTED" : "ACCEPTED",
                    Optional.empty(), List.of(), request.errorMessage(), request.errorCode(), 0, null, null);
        }
    }

    private final ProvisioningService provisioning;
    private final TenantRegistry registry;
    private final RegionCatalog catalog;
    private final MasterKeyProvider masterKeys;
    private final RegionConnections connections;
    private final ApiRequests requests;
    private final AsyncRuns async;

    TenantController(ProvisioningService provisioning, TenantRegistry registry, RegionCatalog catalog,
            MasterKeyProvider masterKeys, RegionConnections connections, ApiRequests requests, AsyncRuns async) {
        this.provisioning = provisioning;
        this.registry = registry;
        this.catalog = catalog;
        this.masterKeys = masterKeys;
        this.connections = connections;
        this.requests = requests;
        this.async = async;
    }

    /**
     * Onboards one organization: checked before anything is recorded (slug, name, region, frameworks,
     * secrets), recorded under its key, provisioned on a job thread. The same key with the same body
     * answers the same (202 and the tenant's location) and provisions nothing twice; with another body, 422.
     */
    @PostMapping
    ResponseEntity<TenantView> onboard(@RequestHeader(ApiRequests.HEADER) String key, @RequestBody Onboarding body) {
        ProvisionRequest request = ProvisionRequest.of(body.org(), body.name(), body.region(),
                body.frameworks() == null ? List.of() : body.frameworks(), catalog);
        masterKeys.masterKey();
        connections.checkSecrets(request.region().id());
        ApiRequests.Accepted accepted = requests.accept(key, request);
        Optional<Tenant> tenant = registry.find(request.slug().value());
        // a repeat finding no tenant yet starts it again (its first run may have died before recording it);
        // the tenant's lock and its ACTIVE check keep two runs from building it twice
        boolean retry = !accepted.recordedNow() && tenant.isEmpty();
        if (accepted.recordedNow() || retry) {
            if (retry) {
                requests.retrying(request.slug().value());
            }
            async.submit("onboarding " + request.slug(), () -> provision(request));
            accepted = new ApiRequests.Accepted(accepted.slug(), true, Optional.empty(), Optional.empty());
        }
        TenantView view = tenant.map(TenantView::of).orElse(TenantView.pending(accepted));
        return ResponseEntity.accepted().location(URI.create("/api/tenants/" + request.slug().value())).body(view);
    }

    // BULK ONBOARDING: POST /api/tenants/bulk (many organizations from one request) plugs in here, on the
    // bulk provisioning service of branch 'bulk', with the same Idempotency-Key handling (ApiRequests).

    @GetMapping
    List<TenantView> list(@RequestParam Optional<String> region) {
        region.ifPresent(catalog::region);
        return registry.list(region).stream().map(TenantView::of).toList();
    }

    @GetMapping("/{org}")
    TenantView show(@PathVariable String org) {
        TenantSlug slug = new TenantSlug(org);
        return registry.find(slug.value()).map(TenantView::of)
                .or(() -> requests.latest(slug.value()).map(TenantView::pending))
                .orElseThrow(() -> ApiException.notFound("no organization " + slug + "; see GET /api/tenants"));
    }

    private void provision(ProvisionRequest request) {
        try {
            provisioning.provision(request);
        } catch (OrchestratorException e) {
            // a tenant recorded FAILED carries its reason; a request refused before that keeps it here
            if (registry.find(request.slug().value()).isEmpty()) {
                requests.failed(request.slug().value(), e.errorCode(), OneLine.of(e.getMessage()));
            }
            throw e;
        } catch (RuntimeException e) {
            requests.failed(request.slug().value(), ErrorCode.OPERATION_FAILED, OneLine.of(e.getMessage()));
            throw e;
        }
    }
}
