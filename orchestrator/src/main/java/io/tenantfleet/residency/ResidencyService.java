package io.tenantfleet.residency;

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
import java.util.UUID;
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

    ResidencyService(RegionCatalog catalog, ResidencyRuns runs, ResidencyWork work, FleetRuns fleet,
            ControlPlaneScan controlPlane, RegionGuard guard) {
        this.catalog = catalog;
        this.runs = runs;
        this.work = work;
        this.fleet = fleet;
        this.controlPlane = controlPlane;
        this.guard = guard;
    }

    /** Checks the regions named (default: every region) and the control plane; returns the recorded report. */
    public ResidencyReport report(List<String> regionIds, Workers workers) {
        List<String> regions = catalog.select(regionIds, "--regions").stream().map(Region::id).toList();
        UUID reportId = UUID.randomUUID();
        long runId = runs.create(reportId, regions, KindRuns.owner());
        guard.resetAll();
        fleet.start(work, runId, workers);
        List<RegionCheck> checks = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (RegionInspector.Inspected inspected : runs.results(runId)) {
            checks.add(inspected.check());
            findings.addAll(inspected.findings());
        }
        findings.addAll(controlPlane.scan(Instant.now()));
        ResidencyReport unsigned = new ResidencyReport(ResidencyReport.FORMAT_VERSION, reportId.toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), catalog.source(), catalog.digest(), checks, findings, "");
        ResidencyReport report = unsigned.withDigest(ReportDigest.of(unsigned));
        runs.digest(runId, report.digest());
        record(report);
        return report;
    }

    /** Appends the report's entry to the ledger of every region it checked; a region that fails is said, not fatal. */
    private void record(ResidencyReport report) {
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
                log.warn("residency: report {} could not be recorded in {}'s ledger: {}; 'residency verify' will say so",
                        report.reportId(), check.region(), RegionInspector.oneLine(String.valueOf(e.getMessage())));
            }
        }
    }
}
