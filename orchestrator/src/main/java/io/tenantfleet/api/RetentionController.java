package io.tenantfleet.api;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.retention.RetentionOptions;
import io.tenantfleet.retention.RetentionPolicies;
import io.tenantfleet.retention.RetentionRun;
import io.tenantfleet.retention.RetentionService;
import io.tenantfleet.tenant.TenantRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Retention: purge runs (start, resume, show) and each organization's effective policy. */
@RestController
class RetentionController {

    /** The options of {@code retention run}; absent ones take the CLI's defaults. */
    record RetentionRequest(Optional<List<String>> regions, Optional<List<String>> orgs, Optional<Integer> batchSize,
            Optional<Integer> graceDays, Optional<Integer> parallelPerRegion) {

        RetentionOptions options() {
            return new RetentionOptions(regions.orElse(List.of()), orgs.orElse(List.of()),
                    batchSize.orElse(RetentionOptions.DEFAULT_BATCH), graceDays, parallelPerRegion.orElse(2), Workers.LOCAL);
        }
    }

    private final RetentionService retention;
    private final RetentionPolicies policies;
    private final TenantRegistry registry;
    private final AsyncRuns async;

    RetentionController(RetentionService retention, RetentionPolicies policies, TenantRegistry registry, AsyncRuns async) {
        this.retention = retention;
        this.policies = policies;
        this.registry = registry;
        this.async = async;
    }

    /** Starts a purge run: 202 with its run, or 200 when no tenant is selected. */
    @PostMapping("/api/retention/runs")
    ResponseEntity<Object> run(@RequestBody RetentionRequest request) {
        RetentionOptions options = request.options();
        retention.select(options);
        return async.start("retention", RetentionController::location, started -> retention.run(options, started)
                .map(Object.class::cast).orElse(Map.of("message", "no ACTIVE tenant selected; nothing to purge")));
    }

    @PostMapping("/api/retention/runs/{run}/resume")
    ResponseEntity<Object> resume(@PathVariable long run) {
        show(run);
        return async.start("retention", RetentionController::location, started -> retention.resume(run, Workers.LOCAL,
                started));
    }

    /** The run and, per tenant, what it removed, anonymized, pruned and held. */
    @GetMapping("/api/retention/runs/{run}")
    Map<String, Object> show(@PathVariable long run) {
        RetentionRun found = FleetRunsView.find(() -> retention.find(Optional.of(run)), "retention", run);
        return Map.of("run", found, "tenants", retention.tenants(run));
    }

    /** The organization's effective retention per data category, with the rule that set each. */
    @GetMapping("/api/retention/policies/{org}")
    Object policy(@PathVariable String org) {
        return policies.effective(policies.tenant(ApiException.known(registry, org)));
    }

    private static String location(long run) {
        return "/api/retention/runs/" + run;
    }
}
