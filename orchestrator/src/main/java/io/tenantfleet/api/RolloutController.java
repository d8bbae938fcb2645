package io.tenantfleet.api;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.rollout.Amount;
import io.tenantfleet.rollout.DriftDetector;
import io.tenantfleet.rollout.DriftReport;
import io.tenantfleet.rollout.RegionPlan;
import io.tenantfleet.rollout.RolloutOptions;
import io.tenantfleet.rollout.RolloutPlan;
import io.tenantfleet.rollout.RolloutRun;
import io.tenantfleet.rollout.RolloutService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rollouts of the tenant template (plan, apply, resume, show) and drift. */
@RestController
class RolloutController {

    /** The options of {@code rollout apply}; absent ones take the CLI's defaults. */
    record RolloutRequest(Optional<String> to, Optional<Integer> canary, Optional<List<String>> canaryTenants,
            Optional<String> waveSize, Optional<String> maxFailures, Optional<Integer> parallelPerRegion,
            Optional<List<String>> regions, Optional<String> confirm, Optional<Integer> batchSize) {

        RolloutOptions options() {
            RolloutOptions defaults = RolloutOptions.defaults();
            return new RolloutOptions(to, canary.orElse(defaults.canaryCount()), canaryTenants.orElse(List.of()),
                    waveSize.map(text -> Amount.parse("waveSize", text)).orElse(defaults.waveSize()),
                    maxFailures.map(text -> Amount.parse("maxFailures", text)).orElse(defaults.maxFailures()),
                    parallelPerRegion.orElse(defaults.parallelPerRegion()), regions.orElse(List.of()), confirm,
                    batchSize.orElse(RolloutOptions.DEFAULT_BATCH), Workers.LOCAL);
        }
    }

    private final RolloutService rollouts;
    private final DriftDetector drift;
    private final RegionCatalog catalog;
    private final AsyncRuns async;

    RolloutController(RolloutService rollouts, DriftDetector drift, RegionCatalog catalog, AsyncRuns async) {
        this.rollouts = rollouts;
        this.drift = drift;
        this.catalog = catalog;
        this.async = async;
    }

    /** What an apply would do; changes nothing. */
    @GetMapping("/api/rollouts/plan")
    Map<String, Object> plan(@RequestParam Optional<String> to, @RequestParam Optional<List<String>> regions) {
        RolloutPlan plan = rollouts.plan(new RolloutRequest(to, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), regions, Optional.empty(), Optional.empty()).options());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", plan.target().text());
        body.put("migrations", plan.migrations().stream().map(m -> Map.of("version", m.version().text(), "description",
                m.description(), "script", m.script())).toList());
        body.put("waves", plan.waves());
        body.put("pending", plan.pendingCount());
        body.put("confirmation_token", plan.confirmationToken());
        body.put("regions", plan.regions().stream().map(RolloutController::region).toList());
        return body;
    }

    /** Plans and starts a rollout: 202 with its run, or 200 when nothing is pending. */
    @PostMapping("/api/rollouts")
    ResponseEntity<Object> apply(@RequestBody RolloutRequest request) {
        RolloutOptions options = request.options();
        return async.start("rollout", RolloutController::location, started -> rollouts.apply(options, started)
                .map(Object.class::cast).orElse(Map.of("message", "nothing to roll out: every selected tenant is at the target")));
    }

    @PostMapping("/api/rollouts/{run}/resume")
    ResponseEntity<Object> resume(@PathVariable long run) {
        show(run);
        return async.start("rollout", RolloutController::location, started -> rollouts.resume(run, Workers.LOCAL, started));
    }

    /** The run and its per-tenant ledger (wave, versions, state, duration, last error). */
    @GetMapping("/api/rollouts/{run}")
    Map<String, Object> show(@PathVariable long run) {
        RolloutRun found = rollouts.run(Optional.of(run)).orElseThrow(() -> ApiException.notFound("no rollout run " + run
                + "; see GET /api/rollouts/plan and POST /api/rollouts"));
        return Map.of("run", found, "tenants", rollouts.tenants(run));
    }

    /** Tenant schemas that differ from the template at their version, per region. */
    @GetMapping("/api/drift")
    Map<String, Object> drift(@RequestParam Optional<List<String>> regions) {
        List<String> ids = regions.orElse(catalog.regions().stream().map(Region::id).toList());
        ids.forEach(catalog::region);
        List<DriftReport> reports = ids.stream().flatMap(region -> drift.inspect(region).stream()).toList();
        return Map.of("drifted", reports.stream().filter(DriftReport::drifted).count(), "checked", reports.size(),
                "tenants", reports);
    }

    private static String location(long run) {
        return "/api/rollouts/" + run;
    }

    private static Map<String, Object> region(RegionPlan region) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region.region().id());
        body.put("unreachable", region.unreachable());
        body.put("tenants", region.tenants());
        body.put("versions", region.versions());
        body.put("pending", region.pending().stream().map(t -> Map.of("org", t.slug(), "from", t.from().text(),
                "wave", t.wave())).toList());
        body.put("notes", region.notes());
        return body;
    }
}
