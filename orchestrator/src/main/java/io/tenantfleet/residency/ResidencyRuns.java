package io.tenantfleet.residency;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** The control plane's record of residency report runs ({@code residency_run}, {@code residency_region}). */
@Repository
class ResidencyRuns implements RunLedger<ResidencyRun> {

    private static final String RUN = "run_id, report_id, status, regions, digest, owner, created_at";

    private final JdbcClient jdbc;

    ResidencyRuns(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long create(UUID reportId, List<String> regions, String owner) {
        long runId = jdbc.sql("INSERT INTO residency_run (report_id, status, regions, owner) VALUES (?, ?, ?, ?) "
                + "RETURNING run_id").param(reportId).param(RunStatus.RUNNING.name()).param(regions.toArray(String[]::new))
                .param(owner).query(Long.class).single();
        for (String region : regions) {
            jdbc.sql("INSERT INTO residency_region (run_id, region, state) VALUES (?, ?, 'pending')").param(runId)
                    .param(region).update();
        }
        return runId;
    }

    /** One wave, one partition per region. */
    FleetLayout layout(long runId) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        regions(runId).forEach(region -> lanes.put(region, 1));
        return new FleetLayout(List.of(lanes));
    }

    List<String> regions(long runId) {
        return get(runId).regions();
    }

    @Override
    public Optional<ResidencyRun> find(long runId) {
        return jdbc.sql("SELECT " + RUN + " FROM residency_run WHERE run_id = ?").param(runId).query(ResidencyRuns::run)
                .optional();
    }

    @Override
    public ResidencyRun get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException("residency run " + runId + " is not recorded"));
    }

    @Override
    public Optional<ResidencyRun> latest() {
        return jdbc.sql("SELECT " + RUN + " FROM residency_run ORDER BY run_id DESC LIMIT 1").query(ResidencyRuns::run)
                .optional();
    }

    @Override
    public List<ResidencyRun> running() {
        return jdbc.sql("SELECT " + RUN + " FROM residency_run WHERE status = 'RUNNING' ORDER BY run_id")
                .query(ResidencyRuns::run).list();
    }

    private static ResidencyRun run(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ResidencyRun(rs.getLong("run_id"), rs.getString("report_id"), RunStatus.valueOf(rs.getString("status")),
                Arrays.asList((String[]) rs.getArray("regions").getArray()), Optional.ofNullable(rs.getString("digest")),
                rs.getString("owner"), rs.getObject("created_at", java.time.OffsetDateTime.class));
    }

    void inspected(long runId, RegionInspector.Inspected inspected) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("check", ResidencyJson.region(inspected.check()));
        result.put("findings", inspected.findings().stream().map(ResidencyJson::finding).toList());
        jdbc.sql("UPDATE residency_region SET state = ?, result = ?::jsonb, updated_at = now() WHERE run_id = ? AND region = ?")
                .param(inspected.check().status()).param(ResidencyJson.MAPPER.writeValueAsString(result)).param(runId)
                .param(inspected.check().region()).update();
    }

    /** The regions checked so far, in the run's order. */
    List<RegionInspector.Inspected> results(long runId) {
        List<RegionInspector.Inspected> results = new ArrayList<>();
        jdbc.sql("SELECT r.result::text FROM residency_region r JOIN residency_run u USING (run_id) WHERE r.run_id = ? "
                + "AND r.result IS NOT NULL ORDER BY array_position(u.regions, r.region)").param(runId)
                .query(String.class).list().forEach(json -> {
                    JsonNode result = ResidencyJson.read(json);
                    List<Finding> findings = new ArrayList<>();
                    result.get("findings").forEach(f -> findings.add(ResidencyJson.parseFinding(f)));
                    results.add(new RegionInspector.Inspected(ResidencyJson.parseRegion(result.get("check")), findings));
                });
        return results;
    }

    int pending(long runId) {
        return jdbc.sql("SELECT count(*) FROM residency_region WHERE run_id = ? AND state = 'pending'").param(runId)
                .query(Integer.class).single();
    }

    @Override
    public void setStatus(long runId, RunStatus status, String reason) {
        jdbc.sql("UPDATE residency_run SET status = ?, reason = ?, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END WHERE run_id = ?")
                .param(status.name()).param(reason).param(status.name()).param(runId).update();
    }

    /** Records the report made by the run: its digest and its JSON document. */
    void recorded(long runId, ResidencyReport report) {
        jdbc.sql("UPDATE residency_run SET digest = ?, report = ?::jsonb, updated_at = now() WHERE run_id = ?")
                .param(report.digest()).param(ResidencyJson.toJson(report)).param(runId).update();
    }

    /** The report the run made, once it is recorded. */
    Optional<ResidencyReport> report(long runId) {
        return jdbc.sql("SELECT report::text FROM residency_run WHERE run_id = ? AND report IS NOT NULL").param(runId)
                .query(String.class).optional().map(json -> ResidencyJson.parse(ResidencyJson.read(json)));
    }
}
