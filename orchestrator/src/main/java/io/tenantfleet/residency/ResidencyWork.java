package io.tenantfleet.residency;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.FleetWork;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.WaveVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The residency checks as a fleet job: one wave, one partition per region, each inspecting its
 * region's server and keeping the check and its findings in the control plane. A region that
 * cannot be reached is checked too: its outcome is {@code unknown}.
 */
@Component
class ResidencyWork implements FleetWork {

    static final String KIND = "residency";
    private static final Logger log = LoggerFactory.getLogger(ResidencyWork.class);

    private final ResidencyRuns runs;
    private final RegionInspector inspector;

    ResidencyWork(ResidencyRuns runs, RegionInspector inspector) {
        this.runs = runs;
        this.inspector = inspector;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public FleetLayout layout(long runId) {
        return runs.layout(runId);
    }

    @Override
    public void run(FleetPartition partition) {
        RegionInspector.Inspected inspected = inspector.inspect(partition.region());
        runs.inspected(partition.runId(), inspected);
        if (inspected.check().status().equals(RegionCheck.UNKNOWN)) {
            log.warn("residency: region {} could not be checked: {}; it is reported as unknown", partition.region(),
                    inspected.check().error().orElse(""));
        } else {
            log.info("residency: region {} checked: {} tenants, {} schemas, {} findings", partition.region(),
                    inspected.check().tenants(), inspected.check().schemas(), inspected.findings().size());
        }
    }

    @Override
    public WaveVerdict afterWave(long runId, int wave, long millis) {
        return WaveVerdict.CONTINUE;
    }

    @Override
    public String unit() {
        return "regions";
    }

    @Override
    public int left(long runId) {
        return runs.pending(runId);
    }

    @Override
    public RunLedger<?> runs() {
        return runs;
    }

    @Override
    public String notDone(long runId) {
        return "not checked (the process checking them stopped)";
    }
}
