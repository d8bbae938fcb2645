package io.tenantfleet.bench;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.residency.Finding;
import io.tenantfleet.residency.RegionCheck;
import io.tenantfleet.residency.RegionFactsQueries;
import io.tenantfleet.residency.ResidencyReport;
import io.tenantfleet.residency.ResidencyService;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The residency benchmark ({@code bench/residency.sh}). On the three embedded regions of the local
 * catalog it starts itself, it seeds TENANTS tenants round-robin over the regions with the sync
 * benchmark's rows (written acting for the organization, so every tenant has an audit chain), then
 * times {@code residency report} over every region on new server sessions (every pooled session
 * closed first, as a new orchestrator process starts), {@code -Dbench.cold-reports} times (default
 * 3: this machine's timings vary widely from run to run), then a report on the sessions the last
 * one left. It checks that every region was checked (else it fails) and prints the findings per
 * rule (fresh tenants: none expected, it fails on any). Then per region, on a new session and again,
 * the tenants' checks as the report makes them (their tables copied and checked in Java, how many
 * of the first chunk the copy reader took), {@code fleet.residency_tenant_checks} over the same
 * tenants (the ratio of the two on new sessions) and the read's other queries, to show where the
 * report's time goes. The last line is the summary: the median of the reports on new
 * sessions.
 */
public final class ResidencyBenchmark {

    private static final List<String> REGIONS = List.of("eu-central", "us-east", "japan-east");

    private final RegionConnections connections;

    private ResidencyBenchmark(RegionConnections connections) {
        this.connections = connections;
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (ConfigurableApplicationContext context = BenchFleet.start("io.tenantfleet.residency.ResidencyWork")) {
            new ResidencyBenchmark(context.getBean(RegionConnections.class)).run(context, tenants);
        }
    }

    private void run(ConfigurableApplicationContext context, int tenants) throws Exception {
        Optional<List<BenchFleet.Seeded>> fleet = BenchFleet.withRows(context, REGIONS, tenants);
        if (fleet.isEmpty()) {
            return;
        }
        List<BenchFleet.Seeded> seeded = fleet.get();
        DataSource controlPlane = context.getBean(ControlPlaneConfiguration.DATA_SOURCE, DataSource.class);
        RolloutBenchmark.settle(connections);

        ResidencyService residency = context.getBean(ResidencyService.class);
        int runs = Math.max(1, Integer.getInteger("bench.cold-reports", 3));
        List<ResidencyReport> reports = new ArrayList<>();
        double[] coldRuns = new double[runs];
        for (int run = 0; run < runs; run++) {
            BenchFleet.newSessions(controlPlane);
            for (String region : REGIONS) {
                BenchFleet.newSessions(connections.dataSource(region));
            }
            long t = System.nanoTime();
            ResidencyReport cold = residency.report(List.of(), Workers.LOCAL).report();
            coldRuns[run] = seconds(t);
            describe("report " + (run + 1) + " of " + runs + " on new server sessions", cold, coldRuns[run]);
            reports.add(cold);
        }
        long t2 = System.nanoTime();
        ResidencyReport warm = residency.report(List.of(), Workers.LOCAL).report();
        describe("then a report on the sessions the last one left (warm)", warm, seconds(t2));
        reports.add(warm);
        double[] sorted = coldRuns.clone();
        Arrays.sort(sorted);
        double coldSeconds = sorted[runs / 2];
        report("reports on new server sessions: %s s; median %.2f s", Arrays.stream(coldRuns)
                .mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining(", ")), coldSeconds);

        TenantRegistry registry = context.getBean(TenantRegistry.class);
        for (String region : REGIONS) {
            breakdown(region, seeded.stream().filter(s -> s.region().equals(region)).toList(), registry
                    .list(Optional.of(region)).stream().filter(t -> t.status() == TenantStatus.ACTIVE).toList());
        }
        reports.forEach(ResidencyBenchmark::check);
        System.out.printf(Locale.ROOT, "residency: tenants=%d report_s=%.2f%n", tenants, coldSeconds);
    }

    private static void describe(String what, ResidencyReport report, double seconds) {
        Map<String, Long> perRule = report.findings().stream().collect(Collectors.groupingBy(Finding::rule, TreeMap::new,
                Collectors.counting()));
        report("%s: %.2f s; regions %s; %d findings%s", what, seconds, report.regions().stream()
                .map(r -> r.region() + " " + r.status() + " (" + r.tenants() + " tenants, " + r.schemas() + " schemas)")
                .collect(Collectors.joining(", ")), report.findings().size(), perRule.isEmpty() ? "" : " " + perRule);
    }

    /** Every region checked, and nothing found on a fresh fleet (no purge is due yet, no chain was touched). */
    private static void check(ResidencyReport report) {
        List<String> unknown = report.regions().stream().filter(r -> !r.status().equals(RegionCheck.CHECKED))
                .map(r -> r.region() + ": " + r.error().orElse("?")).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("report " + report.reportId() + ": regions not checked: " + unknown);
        }
        if (!report.findings().isEmpty()) {
            throw new IllegalStateException("report " + report.reportId() + " has findings on a fresh fleet, the first: "
                    + report.findings().get(0));
        }
    }

    /**
     * Per region, on a new server session: {@code fleet.residency_tenant_checks} over its tenants in
     * the report's chunks (a transaction each: one transaction over thousands of tenants would run
     * out of lock table and fail their checks), then again; then on another new session the read's
     * other queries, then again.
     */
    private void breakdown(String region, List<BenchFleet.Seeded> tenants, List<Tenant> active) throws SQLException {
        int chunk = RegionFactsQueries.tenantChecksChunk();
        DataSource pool = connections.dataSource(region);
        double[] copies = new double[2];
        int copied;
        BenchFleet.newSessions(pool);
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime();
                RegionFactsQueries.checkedAsReported(region, connection, active);
                copies[round] = seconds(t);
            }
            copied = RegionFactsQueries.copied(connection, active.subList(0, Math.min(chunk, active.size())));
            connection.rollback();
        }
        double[] checks = new double[2];
        BenchFleet.newSessions(pool);
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime();
                for (int from = 0; from < tenants.size(); from += chunk) {
                    List<BenchFleet.Seeded> part = tenants.subList(from, Math.min(tenants.size(), from + chunk));
                    readOnly(connection);
                    Object[] ids = part.stream().map(BenchFleet::tenantId).toArray();
                    Object[] slugs = part.stream().map(BenchFleet.Seeded::slug).toArray();
                    try (PreparedStatement statement = connection.prepareStatement(RegionFactsQueries.tenantChecks())) {
                        statement.setArray(1, connection.createArrayOf("uuid", ids));
                        statement.setArray(2, connection.createArrayOf("text", slugs));
                        checkedClean(region, statement, part.size());
                    }
                    connection.commit();
                }
                checks[round] = seconds(t);
            }
        }
        List<String> others = new ArrayList<>();
        double[] total = new double[2];
        BenchFleet.newSessions(pool);
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            for (int round = 0; round < 2; round++) {
                readOnly(connection);
                for (Map.Entry<String, String> query : RegionFactsQueries.others().entrySet()) {
                    long t = System.nanoTime();
                    try (PreparedStatement statement = connection.prepareStatement(query.getValue())) {
                        drain(statement);
                    }
                    double took = seconds(t);
                    total[round] += took;
                    if (round == 0) {
                        others.add(String.format(Locale.ROOT, "%s %.0f", query.getKey(), took * 1000));
                    }
                }
                connection.rollback();
            }
        }
        int n = Math.max(1, tenants.size());
        int a = Math.max(1, active.size());
        report("%s: its %d tenants' checks as the report makes them (tables copied and checked here: %d of the first "
                + "%d): %.2f s on a new session (%.2f ms per tenant), then %.2f s; fleet.residency_tenant_checks "
                + "takes %.1fx that per tenant on a new session", region, active.size(), copied, Math.min(chunk, active.size()),
                copies[0], copies[0] * 1000 / a, copies[1], (checks[0] / n) / (copies[0] / a));
        report("%s: fleet.residency_tenant_checks over its %d tenants: %.2f s on a new session (%.2f ms per tenant), "
                + "then %.2f s (%.2f ms per tenant); the other queries: %.3f s on a new session (ms: %s), then %.3f s",
                region, tenants.size(), checks[0], checks[0] * 1000 / n, checks[1], checks[1] * 1000 / n, total[0],
                String.join(", ", others), total[1]);
    }

    private static void readOnly(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
        }
    }

    /** The chunk's rows: one per tenant, each schema present and read, its chain intact (a fresh fleet). */
    private static void checkedClean(String region, PreparedStatement statement, int expected) throws SQLException {
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows++;
                String problem = rs.getString("problem");
                String chain = rs.getString("chain_problems");
                if (!rs.getBoolean("present") || problem != null || chain != null) {
                    throw new IllegalStateException(region + ": tenant " + rs.getString("tenant_id") + " not checked clean: "
                            + problem + " / " + chain);
                }
            }
        }
        if (rows != expected) {
            throw new IllegalStateException(region + ": " + rows + " tenant checks for " + expected);
        }
    }

    private static int drain(PreparedStatement statement) throws SQLException {
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
