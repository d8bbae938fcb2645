package io.tenantfleet.residency;

import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.RegionGuard;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Verifies a residency report after the fact ({@code residency verify}): its digest computed again
 * from the file; its entry looked up in the ledger of each region it checked (and that ledger's
 * chain verified); and the fleet checked again, with nothing recorded, to say whether it still
 * matches the report: findings that appeared since, and findings that are gone.
 */
@Component
public class ResidencyVerifier {

    static final String ENTRY = "SELECT l.entry_id, (SELECT count(*) FROM fleet.verify_ledger()) FROM fleet.residency_ledger l "
            + "WHERE l.event = 'RESIDENCY_REPORT' AND l.detail->>'report_id' = ? AND l.detail->>'digest' = ?";

    /**
     * What verifying found.
     *
     * @param ledgers per region: {@code recorded (entry N)}, or why not
     * @param appeared finding keys (rule region subject) found now and not in the report
     * @param resolved finding keys in the report and not found now
     */
    public record Verification(String reportId, String statedDigest, String computedDigest, Map<String, String> ledgers,
            boolean recordedEverywhere, List<String> appeared, List<String> resolved) {

        public boolean intact() {
            return statedDigest.equals(computedDigest);
        }

        public boolean matchesFleet() {
            return appeared.isEmpty() && resolved.isEmpty();
        }

        /** 0: intact, recorded and the fleet matches; 3: authentic but the fleet changed; 1: not authentic. */
        public int exitCode() {
            if (!intact() || !recordedEverywhere) {
                return 1;
            }
            return matchesFleet() ? 0 : ResidencyReport.FINDINGS;
        }
    }

    private final RegionGuard guard;
    private final RegionInspector inspector;
    private final ControlPlaneScan controlPlane;

    ResidencyVerifier(RegionGuard guard, RegionInspector inspector, ControlPlaneScan controlPlane) {
        this.guard = guard;
        this.inspector = inspector;
        this.controlPlane = controlPlane;
    }

    public Verification verify(String json, String file) {
        JsonNode document;
        ResidencyReport report;
        try {
            document = ResidencyJson.read(json);
            if (!ResidencyJson.FORMAT.equals(document.path("format").asString())) {
                throw new IllegalArgumentException("its format is not " + ResidencyJson.FORMAT);
            }
            report = ResidencyJson.parse(document);
        } catch (RuntimeException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, file + " is not a residency report in JSON ("
                    + OneLine.of(e.getMessage()) + "); pass the file written by "
                    + "'residency report --format json'");
        }
        String computed = ReportDigest.of(document);
        Map<String, String> ledgers = new LinkedHashMap<>();
        boolean everywhere = true;
        Set<String> now = new TreeSet<>();
        for (RegionCheck check : report.regions()) {
            if (check.status().equals(RegionCheck.CHECKED)) {
                String state = recorded(check.region(), report);
                ledgers.put(check.region(), state);
                everywhere &= state.startsWith("recorded");
            }
            inspector.inspect(check.region()).findings().forEach(f -> now.add(f.key()));
        }
        controlPlane.scan(Instant.now()).forEach(f -> now.add(f.key()));
        Set<String> then = new TreeSet<>();
        report.findings().forEach(f -> then.add(f.key()));
        List<String> appeared = new ArrayList<>(now);
        appeared.removeAll(then);
        List<String> resolved = new ArrayList<>(then);
        resolved.removeAll(now);
        return new Verification(report.reportId(), report.digest(), computed, ledgers, everywhere, appeared, resolved);
    }

    private String recorded(String region, ResidencyReport report) {
        try {
            return guard.read(region, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(ENTRY)) {
                    statement.setString(1, report.reportId());
                    statement.setString(2, report.digest());
                    try (ResultSet row = statement.executeQuery()) {
                        if (!row.next()) {
                            return "not recorded: no RESIDENCY_REPORT entry with this id and digest";
                        }
                        return row.getLong(2) == 0 ? "recorded (entry " + row.getLong(1) + ", ledger chain intact)"
                                : "entry " + row.getLong(1) + " found, but the ledger's chain does not verify";
                    }
                }
            });
        } catch (RuntimeException e) {
            return "could not be read: " + OneLine.of(e.getMessage());
        }
    }
}
