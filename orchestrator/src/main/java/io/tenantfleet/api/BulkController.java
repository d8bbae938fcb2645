package io.tenantfleet.api;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.provisioning.BulkProvisioningService;
import io.tenantfleet.provisioning.BulkRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk onboarding from one request: the organizations of the body as one bulk run ({@code provision
 * --file}'s), every row checked before any SQL (a bad row is recorded with its position and field, the
 * others go on), then provisioned per region on the fleet-job engine. {@code 202} with the run's
 * location, which any instance shows; sending the same organizations again builds none twice (they
 * are reported already present), so the call needs no idempotency key.
 */
@RestController
class BulkController {

    /** The organizations to onboard, each as one onboarding takes it. */
    record BulkOnboarding(List<TenantController.Onboarding> tenants) {
    }

    private final BulkProvisioningService bulk;
    private final AsyncRuns async;

    BulkController(BulkProvisioningService bulk, AsyncRuns async) {
        this.bulk = bulk;
        this.async = async;
    }

    @PostMapping("/api/tenants/bulk")
    ResponseEntity<Object> onboard(@RequestBody BulkOnboarding body) {
        List<BulkRow> rows = new ArrayList<>();
        List<TenantController.Onboarding> tenants = body.tenants() == null ? List.of() : body.tenants();
        for (int i = 0; i < tenants.size(); i++) {
            TenantController.Onboarding tenant = tenants.get(i);
            rows.add(tenant == null ? BulkRow.of(i + 1, null, null, null, List.of()) : BulkRow.of(i + 1, tenant.org(),
                    tenant.name(), tenant.region(), tenant.frameworks() == null ? List.of() : tenant.frameworks()));
        }
        return async.start("bulk onboarding", BulkController::location,
                started -> bulk.start("request", rows, Workers.LOCAL, started));
    }

    @PostMapping("/api/provisioning/runs/{run}/resume")
    ResponseEntity<Object> resume(@PathVariable long run) {
        show(run);
        return async.start("bulk onboarding", BulkController::location, started -> bulk.resume(run, Workers.LOCAL, started));
    }

    /** The run, its rows (position, organization, region, state, error; never a display name) and a summary per region. */
    @GetMapping("/api/provisioning/runs/{run}")
    BulkProvisioningService.Report show(@PathVariable long run) {
        return FleetRunsView.find(() -> bulk.status(Optional.of(run)), "bulk provisioning", run);
    }

    private static String location(long run) {
        return "/api/provisioning/runs/" + run;
    }
}
