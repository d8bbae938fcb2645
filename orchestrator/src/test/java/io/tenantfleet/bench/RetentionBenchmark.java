package io.tenantfleet.bench;

import io.tenantfleet.OrchestratorApplication;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.retention.RetentionOptions;
import io.tenantfleet.retention.RetentionRun;
import io.tenantfleet.retention.RetentionService;
import io.tenantfleet.retention.RetentionTenant;
import io.tenantfleet.rollout.TenantTemplate;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The retention benchmark ({@code bench/retention.sh}). On an embedded region it starts itself, it
 * seeds two identical sets of TENANTS tenants, each with ROWS expired rows in all (assessments and
 * their results soft-deleted 400 days ago, past the 30-day grace) among as many live rows. It then
 * purges set (a) with one plain {@code DELETE} per table per tenant (children first, no batching,
 * no lock timeout) and set (b) with {@code retention run} (default options), while a writer thread
 * inserts rows and updates random rows (expired ones included) of the same tables, one statement
 * per transaction, half of them in the tenant being purged. Prints per phase the rate and the
 * writer's latencies; the last line is the summary.
 */
public final class RetentionBenchmark {

    private static final String REGION = "eu-central";
    private static final Duration EXPIRED_AGE = Duration.ofDays(400);
    private static final int GRACE_DAYS = 30;
    private static final int SAMPLE_IDS = 40;

    /** A seeded tenant: its slug, organization and a sample of its row ids (expired and live) for the writer. */
    private record Bench(TenantSlug slug, UUID orgId, List<UUID> assessments, List<UUID> results) {}

    /** A phase's outcome: rows removed, seconds, longest purge transaction, writer latencies (ms). */
    private record Phase(long rows, double seconds, long maxLockMs, List<Double> writer) {

        double rate() {
            return rows / seconds;
        }

        double p(double quantile) {
            if (writer.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(writer);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
        }
    }

    private final RegionConnections connections;
    private final DataSource controlPlane;
    private volatile Bench current;

    private RetentionBenchmark(RegionConnections connections, DataSource controlPlane) {
        this.connections = connections;
        this.controlPlane = controlPlane;
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path work = Files.createDirectories(Path.of("bench", "out", "run-" + System.currentTimeMillis())).toAbsolutePath();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .run("--orchestrator.data-dir=" + work.resolve("data"), "--orchestrator.embedded-fast=false",
                        "--logging.level.io.tenantfleet=WARN")) {
            RetentionBenchmark bench = new RetentionBenchmark(context.getBean(RegionConnections.class),
                    context.getBean(ControlPlaneConfiguration.DATA_SOURCE, DataSource.class));
            bench.run(context, tenants, rows);
        }
    }

    private void run(ConfigurableApplicationContext context, int tenants, long rows) throws Exception {
        BenchFleet fleet = new BenchFleet(controlPlane, context.getBean(RegionBaseline.class),
                context.getBean(TenantTemplate.class));
        // per tenant: `perTenant` expired assessments, each with one expired result, and as many live ones
        int perTenant = (int) Math.max(1, rows / tenants / 2);
        long t0 = System.nanoTime();
        List<Bench> baselineSet = seed(fleet, 0, tenants, perTenant);
        List<Bench> retentionSet = seed(fleet, tenants, 2 * tenants, perTenant);
        report("seeded 2 x %d tenants, each %d expired and %d live rows, in %.1f s", tenants, 2 * perTenant,
                2 * perTenant, seconds(t0));

        settle();
        Phase baseline = withWriter(baselineSet, () -> singleDeletes(baselineSet));
        report("(a) one DELETE per table per tenant: %d rows in %.1f s = %.0f rows/s, longest transaction %d ms; "
                + "writer: %d transactions, p50 %.1f ms, p99 %.1f ms, max %.1f ms", baseline.rows(), baseline.seconds(),
                baseline.rate(), baseline.maxLockMs(), baseline.writer().size(), baseline.p(0.5), baseline.p(0.99),
                baseline.p(1.0));

        settle();
        RetentionService retention = context.getBean(RetentionService.class);
        List<String> orgs = retentionSet.stream().map(b -> b.slug().value()).toList();
        Phase purge = withWriter(retentionSet, () -> retentionRun(retention, retentionSet, orgs));
        report("(b) retention run: %d rows in %.1f s = %.0f rows/s, longest purge transaction %d ms; "
                + "writer: %d transactions, p50 %.1f ms, p99 %.1f ms, max %.1f ms", purge.rows(), purge.seconds(),
                purge.rate(), purge.maxLockMs(), purge.writer().size(), purge.p(0.5), purge.p(0.99), purge.p(1.0));
        System.out.printf(Locale.ROOT, "retention: rows_per_s=%.0f vs_single_delete=%.2f max_lock_ms=%d writer_p99_ms=%.1f "
                + "baseline_writer_p99_ms=%.1f%n", purge.rate(), purge.rate() / baseline.rate(), purge.maxLockMs(),
                purge.p(0.99), baseline.p(0.99));
    }

    /**
     * Seeds tenants with {@link BenchFleet}, then their rows in bulk as the superuser with
     * {@code session_replication_role = replica}: triggers (audit chain, foreign keys) do not fire
     * for the seed rows. For seeding only; the measured deletes, purges and writes fire them all.
     */
    private List<Bench> seed(BenchFleet fleet, int from, int to, int perTenant) throws Exception {
        fleet.seed(List.of(REGION), from, to);
        Map<String, UUID> ids = new HashMap<>();
        try (Connection connection = controlPlane.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT slug, tenant_id FROM tenant")) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getObject(2, UUID.class));
            }
        }
        List<Bench> seeded = new ArrayList<>();
        try (Connection connection = connections.dataSource(REGION).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            try {
                seedRows(connection, statement, from, to, perTenant, ids, seeded);
            } finally {
                // the pooled connection goes back with triggers on again
                statement.execute("RESET session_replication_role");
            }
        }
        return seeded;
    }

    private void seedRows(Connection connection, Statement statement, int from, int to, int perTenant,
            Map<String, UUID> ids, List<Bench> seeded) throws SQLException {
        Timestamp expired = Timestamp.from(Instant.now().minus(EXPIRED_AGE));
        for (int i = from; i < to; i++) {
            TenantSlug slug = new TenantSlug(String.format("bench_%06d", i));
            UUID orgId = ids.get(slug.value());
            String schema = TenantSlug.quote(slug.schema());
            try (PreparedStatement org = connection.prepareStatement("INSERT INTO " + schema + ".organization (org_id, "
                    + "display_name, home_region, jurisdictions) VALUES (?, ?, ?, '{GDPR}')");
                    PreparedStatement assessments = connection.prepareStatement("INSERT INTO " + schema
                            + ".assessments (org_id, title, framework, status, created_at, updated_at, deleted_at) "
                            + "SELECT ?, 'Review ' || i, 'SOC2', 'completed', ?, ?, CASE WHEN i % 2 = 0 THEN ?::timestamptz "
                            + "END FROM generate_series(1, ?) i")) {
                org.setObject(1, orgId);
                org.setString(2, slug.value());
                org.setString(3, REGION);
                org.executeUpdate();
                assessments.setObject(1, orgId);
                assessments.setTimestamp(2, expired);
                assessments.setTimestamp(3, expired);
                assessments.setTimestamp(4, expired);
                assessments.setInt(5, 2 * perTenant);
                assessments.executeUpdate();
            }
            statement.execute("INSERT INTO " + schema + ".assessment_results (org_id, assessment_id, finding_type, "
                    + "severity_level, title, description, created_at, updated_at, deleted_at) SELECT org_id, assessment_id, "
                    + "'access', 'medium', 'Finding of ' || title, 'Reviewed', created_at, updated_at, deleted_at FROM "
                    + schema + ".assessments");
            statement.execute("ANALYZE " + schema + ".assessments, " + schema + ".assessment_results");
            seeded.add(new Bench(slug, orgId, sample(statement, schema + ".assessments", "assessment_id"),
                    sample(statement, schema + ".assessment_results", "result_id")));
        }
    }

    private static List<UUID> sample(Statement statement, String table, String key) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT " + key + " FROM " + table + " ORDER BY random() LIMIT "
                + SAMPLE_IDS)) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    /** The baseline: per tenant, one DELETE per table (children first), each its own transaction. */
    private Phase singleDeletes(List<Bench> tenants) throws SQLException {
        Timestamp grace = Timestamp.from(Instant.now().minus(Duration.ofDays(GRACE_DAYS)));
        long rows = 0;
        long maxLockMs = 0;
        long started = System.nanoTime();
        try (Connection connection = connections.dataSource(REGION).getConnection()) {
            connection.setAutoCommit(false);
            for (Bench tenant : tenants) {
                current = tenant;
                String schema = TenantSlug.quote(tenant.slug().schema());
                for (String delete : List.of("DELETE FROM " + schema + ".assessment_results t WHERE t.deleted_at < ? OR "
                        + "EXISTS (SELECT 1 FROM " + schema + ".assessments p WHERE p.assessment_id = t.assessment_id "
                        + "AND p.deleted_at < ?)", "DELETE FROM " + schema + ".assessments t WHERE t.deleted_at < ?")) {
                    long t = System.nanoTime();
                    TenantSession.actAsOwner(connection, tenant.slug(), tenant.orgId());
                    try (PreparedStatement statement = connection.prepareStatement(delete)) {
                        for (int p = 1; p <= delete.chars().filter(c -> c == '?').count(); p++) {
                            statement.setTimestamp(p, grace);
                        }
                        rows += statement.executeUpdate();
                    }
                    connection.commit();
                    maxLockMs = Math.max(maxLockMs, (System.nanoTime() - t) / 1_000_000);
                }
            }
        }
        return new Phase(rows, seconds(started), maxLockMs, List.of());
    }

    /** {@code retention run} over the tenants; its longest purge transaction is in the region's evidence. */
    private Phase retentionRun(RetentionService retention, List<Bench> tenants, List<String> orgs) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Map<String, Bench> bySlug = new HashMap<>();
        tenants.forEach(t -> bySlug.put(t.slug().value(), t));
        Thread follower = new Thread(() -> follow(bySlug, done), "bench-follower");
        follower.start();
        long started = System.nanoTime();
        RetentionRun run;
        try {
            run = retention.run(new RetentionOptions(List.of(), orgs, RetentionOptions.DEFAULT_BATCH,
                    Optional.of(GRACE_DAYS), 1, Workers.LOCAL)).orElseThrow();
        } finally {
            done.set(true);
        }
        double seconds = seconds(started);
        follower.join();
        List<RetentionTenant> results = retention.tenants(run.id());
        long rows = results.stream().mapToLong(RetentionTenant::removed).sum();
        long left = results.stream().mapToLong(RetentionTenant::left).sum();
        report("retention run %d: %s, %d tenants, %d rows removed, %d left (locked by the writer)", run.id(), run.status(),
                results.size(), rows, left);
        long maxLockMs;
        try (Connection connection = connections.dataSource(REGION).getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT coalesce(max((detail->>'max_lock_ms')::bigint), "
                        + "-1) FROM fleet.residency_ledger WHERE event = 'RETENTION_PURGE' AND detail->>'run_id' = ?")) {
            select.setString(1, String.valueOf(run.id()));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                maxLockMs = rs.getLong(1);
            }
        }
        return new Phase(rows, seconds, maxLockMs, List.of());
    }

    /** While the run goes on, points the writer at the tenant the run is purging (as the control plane records it). */
    private void follow(Map<String, Bench> bySlug, AtomicBoolean done) {
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT slug FROM retention_tenant WHERE run_id = "
                        + "(SELECT max(run_id) FROM retention_run) AND state = 'purging' LIMIT 1")) {
            while (!done.get()) {
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next() && bySlug.containsKey(rs.getString(1))) {
                        current = bySlug.get(rs.getString(1));
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A phase that removes rows; returns its figures. */
    private interface Purge {
        Phase run() throws Exception;
    }

    /**
     * Runs {@code purge} while a writer thread, until it ends, runs small transactions in the same
     * tables (an insert, or an update of one sampled row, expired or live), half of them in the tenant
     * being purged, and records each one's latency.
     */
    private Phase withWriter(List<Bench> tenants, Purge purge) throws Exception {
        current = tenants.get(0);
        AtomicBoolean stop = new AtomicBoolean();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failure = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            try {
                write(tenants, stop, latencies);
            } catch (Throwable e) {
                failure.add(e);
            }
        }, "bench-writer");
        writer.start();
        Phase phase;
        try {
            phase = purge.run();
        } finally {
            stop.set(true);
            writer.join();
        }
        if (!failure.isEmpty()) {
            throw new IllegalStateException("writer failed", failure.get(0));
        }
        return new Phase(phase.rows(), phase.seconds(), phase.maxLockMs(), List.copyOf(latencies));
    }

    private void write(List<Bench> tenants, AtomicBoolean stop, List<Double> latencies) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = connections.dataSource(REGION).getConnection()) {
            connection.setAutoCommit(false);
            for (long n = 0; !stop.get(); n++) {
                Bench tenant = random.nextBoolean() ? current : tenants.get(random.nextInt(tenants.size()));
                String schema = TenantSlug.quote(tenant.slug().schema());
                long started = System.nanoTime();
                TenantSession.actAsOwner(connection, tenant.slug(), tenant.orgId());
                PreparedStatement statement = switch ((int) (n % 3)) {
                    case 0 -> connection.prepareStatement("INSERT INTO " + schema + ".assessments (org_id, title, framework) "
                            + "VALUES (?, 'New review', 'SOC2')");
                    case 1 -> connection.prepareStatement("UPDATE " + schema + ".assessments SET status = 'archived' "
                            + "WHERE assessment_id = ?");
                    default -> connection.prepareStatement("UPDATE " + schema + ".assessment_results SET severity_level = "
                            + "'low' WHERE result_id = ?");
                };
                try (statement) {
                    List<UUID> ids = n % 3 == 1 ? tenant.assessments() : tenant.results();
                    statement.setObject(1, n % 3 == 0 ? tenant.orgId() : ids.get(random.nextInt(ids.size())));
                    statement.executeUpdate();
                }
                connection.commit();
                latencies.add((System.nanoTime() - started) / 1e6);
                Thread.sleep(5);
            }
        }
    }

    /** No autovacuum worker busy (up to a minute) and dirty pages written out. */
    private void settle() throws Exception {
        try (Connection connection = connections.dataSource(REGION).getConnection();
                Statement statement = connection.createStatement()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(200);
            }
            statement.execute("CHECKPOINT");
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
