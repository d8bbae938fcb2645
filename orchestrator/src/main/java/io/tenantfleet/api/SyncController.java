package io.tenantfleet.api;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.sync.FleetView;
import io.tenantfleet.sync.FleetViewReader;
import io.tenantfleet.sync.SyncRun;
import io.tenantfleet.sync.SyncService;
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

/** The anonymized metadata sync (start, resume, show) and the fleet view a region received. */
@RestController
class SyncController {

    /** The source regions of a sync run; absent: every region. */
    record SyncRequest(Optional<List<String>> regions) {
    }

    private final SyncService sync;
    private final FleetViewReader fleet;
    private final RegionCatalog catalog;
    private final AsyncRuns async;

    SyncController(SyncService sync, FleetViewReader fleet, RegionCatalog catalog, AsyncRuns async) {
        this.sync = sync;
        this.fleet = fleet;
        this.catalog = catalog;
        this.async = async;
    }

    @PostMapping("/api/sync/runs")
    ResponseEntity<Object> run(@RequestBody(required = false) SyncRequest request) {
        List<String> regions = request == null ? List.of() : request.regions().orElse(List.of());
        return async.start("sync", SyncController::location, started -> sync.run(regions, Workers.LOCAL, started));
    }

    @PostMapping("/api/sync/runs/{run}/resume")
    ResponseEntity<Object> resume(@PathVariable long run) {
        show(run);
        return async.start("sync", SyncController::location, started -> sync.resume(run, Workers.LOCAL, started));
    }

    /** The run and its transfers (state, rule, rows written and removed, cells suppressed, digest). */
    @GetMapping("/api/sync/runs/{run}")
    Map<String, Object> show(@PathVariable long run) {
        SyncRun found = FleetRunsView.find(() -> sync.find(Optional.of(run)), "sync", run);
        return Map.of("run", found, "transfers", sync.transfers(run));
    }

    /** What one region (default: the catalog's first) received: per source region its anonymized figures. */
    @GetMapping("/api/fleet")
    FleetView view(@RequestParam Optional<String> region) {
        return fleet.read(catalog.region(region.orElse(catalog.regions().get(0).id())).id());
    }

    private static String location(long run) {
        return "/api/sync/runs/" + run;
    }
}
