package io.tenantfleet.residency;

import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetRuns;
import io.tenantfleet.fleet.KindRuns;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.RegionGuard;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Makes residency reports: a fleet job checks every region (one partition each), the control plane
 * is scanned for personal data, the report gets its digest and is recorded in the ledger of every
 * region that was checked ({@code RESIDENCY_REPORT}: report id, digest, catalog digest).
 */
@Service
public class ResidencyService {

    static final String EVENT = "RESIDENCY_REPORT";
    private static final Logger log = LoggerFactory.getLogger(ResidencyService.class);

    private final RegionCatalog catalog;
    private final ResidencyRuns runs;
    private final ResidencyWork work;
    private final FleetRuns fleet;
    private final ControlPlaneScan controlPlane;
    private final RegionGuard guard;
    private final RegionInspector inspector;

    ResidencyService(RegionCatalog catalog, ResidencyRuns runs, ResidencyWork work, FleetRuns fleet,
            ControlPlaneScan controlPlane, RegionGuard guard, RegionInspector inspector) {
        this.catalog = catalog;
        this.runs = runs;
        this.work = work;
        this.fleet = fleet;
        this.controlPlane = controlPlane;
        this.guard = guard;
        this.inspector = inspector;
    }

    /**
     * A report made, and the regions whose ledger could not record it.
     *
     * @param notRecorded one line per checked region whose ledger entry could not be written
     */
    public record Made(ResidencyReport report, List<String> notRecorded) {

        /** The report's exit code, or 1 when a ledger did not record it (the report cannot be verified there). */
        public int exitCode() {
            return notRecorded.isEmpty() ? report.exitCode() : 1;
        }
    }

    /** Checks the regions named (default: every region) and the control plane; records the report in their ledgers. */
    public Made report(List<String> regionIds, Workers workers) {
        return report(regionIds, workers, runId -> { });
    }

    /** As {@link #report(List, Workers)}, telling {@code started} the run's id once it is recorded. */
    public Made report(List<String> regionIds, Workers workers, LongConsumer started) {
        List<String> regions = catalog.select(regionIds, "--regions").stream().map(Region::id).toList();
        UUID reportId = UUID.randomUUID();
        long runId = runs.create(reportId, regions, KindRuns.owner());
        started.accept(runId);
        guard.resetAll();
        fleet.start(work, runId, workers);
        List<RegionCheck> checks = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, RegionInspector.Inspected> results = new java.util.HashMap<>();
        runs.results(runId).forEach(inspected -> results.put(inspected.check().region(), inspected));
        for (String region : regions) {
            // a partition that never reported (a lost worker, a process stopped, a failed write) is unknown
            RegionInspector.Inspected inspected = results.getOrDefault(region, inspector.notChecked(region,
                    "its check never reported (the partition failed or its worker was lost)"));
            checks.add(inspected.check());
            findings.addAll(inspected.findings());
        }
        findings.addAll(controlPlane.scan(Instant.now()));
        ResidencyReport unsigned = new ResidencyReport(ResidencyReport.FORMAT_VERSION, reportId.toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), catalog.source(), catalog.digest(), checks, findings, "");
        ResidencyReport report = unsigned.withDigest(ReportDigest.of(unsigned));
        runs.recorded(runId, report);
        return new Made(report, record(report));
    }

    /** The run (any process may have made it). */
    public Optional<ResidencyRun> run(long runId) {
        return runs.find(runId);
    }

    /** The report the run made, once it is recorded. */
    public Optional<ResidencyReport> recordedReport(long runId) {
        return runs.report(runId);
    }

    /** Appends the report's entry to the ledger of every region it checked; returns the regions where that failed. */
    private List<String> record(ResidencyReport report) {
        List<String> failed = new ArrayList<>();
        for (RegionCheck check : report.regions()) {
            if (!check.status().equals(RegionCheck.CHECKED)) {
                continue;
            }
            long inRegion = report.findings().stream().filter(f -> f.region().equals(check.region())).count();
            try {
                guard.inTransaction(check.region(), connection -> {
                    ResidencyLedger.append(connection, check.region(), EVENT, null, null, null, Map.of(
                            "report_id", report.reportId(), "digest", report.digest(), "catalog_digest",
                            report.catalogDigest(), "findings", Long.toString(inRegion), "ledger_head_checked",
                            check.ledgerHead().orElse("")));
                    return null;
                });
            } catch (RuntimeException e) {
                failed.add("report " + report.reportId() + " could not be recorded in " + check.region() + "'s ledger: "
                        + OneLine.of(e.getMessage()) + "; make the report again once the region is back");
            }
        }
        failed.forEach(log::warn);
        return failed;
    }
}
