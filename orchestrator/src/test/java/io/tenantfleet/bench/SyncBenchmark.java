package io.tenantfleet.bench;

import io.tenantfleet.OrchestratorApplication;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.rollout.TenantTemplate;
import io.tenantfleet.sync.SyncRun;
import io.tenantfleet.sync.SyncService;
import io.tenantfleet.sync.SyncTransfer;
import io.tenantfleet.tenant.TenantSlug;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sync benchmark ({@code bench/sync.sh}). On the three embedded regions of the local catalog it
 * starts itself, it seeds TENANTS tenants round-robin over the regions, each with a few users,
 * assessments and results (counts varied per tenant, some under the k-threshold and some not),
 * written acting for the organization so that row-level security and the audit trigger apply. It
 * then times {@code sync} over every region (every allowed destination writes every row), checks
 * that each destination holds each source's tenants, and times a second run with nothing changed.
 * Then it times, per region, the region function alone and its size query alone, to show where the
 * run's time goes. Prints per phase a line; the last line is the summary.
 */
public final class SyncBenchmark {

    private static final List<String> REGIONS = List.of("eu-central", "us-east", "japan-east");

    private final RegionConnections connections;

    private SyncBenchmark(RegionConnections connections) {
        this.connections = connections;
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = Files.createDirectories(Path.of("bench", "out", "run-" + System.currentTimeMillis())).toAbsolutePath();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .run("--orchestrator.data-dir=" + work.resolve("data"), "--orchestrator.embedded-fast=false",
                        "--logging.level.io.tenantfleet=WARN", "--logging.level.io.tenantfleet.sync.SyncWork=INFO")) {
            new SyncBenchmark(context.getBean(RegionConnections.class)).run(context, tenants);
        }
    }

    private void run(ConfigurableApplicationContext context, int tenants) throws Exception {
        BenchFleet fleet = new BenchFleet(context.getBean(ControlPlaneConfiguration.DATA_SOURCE, DataSource.class),
                context.getBean(RegionBaseline.class), context.getBean(TenantTemplate.class));
        long t0 = System.nanoTime();
        List<BenchFleet.Seeded> seeded = fleet.seed(REGIONS, 0, tenants, SyncBenchmark::rows);
        double seeding = seconds(t0);
        report("seeded %d tenants over %d regions, with rows, in %.1f s (%.1f tenants/s)", tenants, REGIONS.size(),
                seeding, tenants / seeding);
        Map<String, Long> perRegion = seeded.stream().collect(Collectors.groupingBy(BenchFleet.Seeded::region,
                Collectors.counting()));
        RolloutBenchmark.settle(connections);

        SyncService sync = context.getBean(SyncService.class);
        long t1 = System.nanoTime();
        SyncRun full = sync.run(List.of(), Workers.LOCAL);
        double fullSeconds = seconds(t1);
        List<SyncTransfer> transfers = requireCompleted(sync, full);
        long written = transfers.stream().mapToLong(SyncTransfer::rowsWritten).sum();
        report("full sync (run %d, %s): %d transfers sent, %d forbidden, %d rows written in %.2f s", full.id(),
                full.status(), count(transfers, SyncTransfer.SENT), count(transfers, SyncTransfer.FORBIDDEN), written,
                fullSeconds);
        check(transfers, perRegion);

        RolloutBenchmark.settle(connections);
        long t2 = System.nanoTime();
        SyncRun noop = sync.run(List.of(), Workers.LOCAL);
        double noopSeconds = seconds(t2);
        List<SyncTransfer> again = requireCompleted(sync, noop);
        report("sync with nothing changed (run %d, %s): %d rows written, %d removed in %.2f s", noop.id(), noop.status(),
                again.stream().mapToLong(SyncTransfer::rowsWritten).sum(),
                again.stream().mapToLong(SyncTransfer::rowsRemoved).sum(), noopSeconds);

        for (String region : REGIONS) {
            breakdown(region, seeded.stream().filter(s -> s.region().equals(region)).toList());
        }
        System.out.printf(Locale.ROOT, "sync: tenants_per_s=%.0f full_run_s=%.2f noop_run_s=%.2f%n",
                tenants / fullSeconds, fullSeconds, noopSeconds);
    }

    /**
     * A tenant's rows, acting for its organization: its organization, 1-11 users (every fourth
     * deleted), 1-13 assessments over the four statuses and 1-3 results each over the four
     * severities, so that some counts are under the k-threshold and some are not.
     */
    private static void rows(Connection connection, BenchFleet.Seeded tenant, UUID orgId) throws SQLException {
        int n = Integer.parseInt(tenant.slug().substring("bench_".length()));
        String schema = TenantSlug.quote(new TenantSlug(tenant.slug()).schema());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".organization (org_id, "
                + "display_name, home_region, jurisdictions) VALUES (?, ?, ?, '{}');"
                + "INSERT INTO " + schema + ".users (org_id, email_cipher, email_lookup, deleted_at) SELECT ?, "
                + "sha256(convert_to('user' || g, 'UTF8')), sha256(convert_to('lookup' || g, 'UTF8')), "
                + "CASE WHEN g % 4 = 0 THEN now() END FROM generate_series(1, ?) g;"
                + "INSERT INTO " + schema + ".assessments (org_id, title, framework, status) SELECT ?, 'Review ' || g, 'SOC2', "
                + "(ARRAY['draft', 'in_progress', 'completed', 'archived'])[1 + g % 4] FROM generate_series(1, ?) g;"
                + "INSERT INTO " + schema + ".assessment_results (org_id, assessment_id, finding_type, severity_level, title) "
                + "SELECT a.org_id, a.assessment_id, 'access', (ARRAY['critical', 'high', 'medium', 'low'])[1 + (g + "
                + "length(a.title)) % 4], 'Finding ' || g FROM " + schema + ".assessments a, generate_series(1, ?) g")) {
            insert.setObject(1, orgId);
            insert.setString(2, tenant.slug());
            insert.setString(3, tenant.region());
            insert.setObject(4, orgId);
            insert.setInt(5, 1 + n % 11);
            insert.setObject(6, orgId);
            insert.setInt(7, 1 + (3 * n) % 13);
            insert.setInt(8, 1 + n % 3);
            insert.execute();
        }
    }

    /** Every sent transfer carried its source's tenants, and the destination holds one row for each. */
    private void check(List<SyncTransfer> transfers, Map<String, Long> perRegion) throws SQLException {
        for (SyncTransfer transfer : transfers) {
            if (!transfer.state().equals(SyncTransfer.SENT)) {
                continue;
            }
            long expected = perRegion.getOrDefault(transfer.source(), 0L);
            long held;
            try (Connection connection = connections.dataSource(transfer.destination()).getConnection();
                    PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM fleet.cross_region_metadata "
                            + "WHERE source_region = ? AND data_type = 'tenant_summary'")) {
                count.setString(1, transfer.source());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    held = rs.getLong(1);
                }
            }
            if (transfer.tenants() != expected || held != expected) {
                throw new IllegalStateException(transfer.source() + " -> " + transfer.destination() + ": expected "
                        + expected + " tenants, the transfer carried " + transfer.tenants() + " and the destination holds "
                        + held);
            }
        }
        report("checked: each destination holds every tenant of each source allowed to send to it");
    }

    /** Per region, the region function alone over its tenants, and its schema-size query alone. */
    private void breakdown(String region, List<BenchFleet.Seeded> tenants) throws SQLException {
        Object[] ids = tenants.stream().map(BenchFleet::tenantId).toArray();
        Object[] slugs = tenants.stream().map(BenchFleet.Seeded::slug).toArray();
        DataSource pool = connections.dataSource(region);
        // a new server session, as a new orchestrator process gets: its catalog caches start empty
        try (Connection fresh = pool.getConnection()) {
            pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).evictConnection(fresh);
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            double cold = 0;
            double function = 0;
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime();
                try (PreparedStatement read = connection.prepareStatement("SELECT count(*) FROM fleet.tenant_metadata(?, ?)")) {
                    read.setArray(1, connection.createArrayOf("uuid", ids));
                    read.setArray(2, connection.createArrayOf("text", slugs));
                    read.executeQuery().close();
                }
                connection.rollback();
                cold = round == 0 ? seconds(t) : cold;
                function = seconds(t);
            }
            long s = System.nanoTime();
            // the size query of fleet.tenant_metadata (R__tenant_metadata.sql), timed alone
            try (PreparedStatement sizes = connection.prepareStatement("SELECT count(*) FROM (SELECT n.nspname, "
                    + "sum(pg_relation_size(c.oid) + CASE WHEN c.reltoastrelid <> 0 THEN pg_relation_size(c.reltoastrelid) "
                    + "ELSE 0 END) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind IN ('r', 'm', 'i') AND n.nspname = ANY (SELECT 'org_' || s FROM unnest(?::text[]) s) "
                    + "GROUP BY n.nspname) x")) {
                sizes.setArray(1, connection.createArrayOf("text", slugs));
                sizes.executeQuery().close();
            }
            double size = seconds(s);
            connection.rollback();
            report("%s: fleet.tenant_metadata over its %d tenants: %.2f s on a new session, then %.2f s (%.2f ms per "
                    + "tenant), of which schema sizes alone %.2f s", region, tenants.size(), cold, function,
                    function * 1000 / Math.max(1, tenants.size()), size);
        }
    }

    private static List<SyncTransfer> requireCompleted(SyncService sync, SyncRun run) {
        List<SyncTransfer> transfers = sync.transfers(run.id());
        if (run.status() != RunStatus.COMPLETED || count(transfers, SyncTransfer.SENT) == 0) {
            throw new IllegalStateException("sync " + run.id() + " ended " + run.status() + ": "
                    + run.reason().orElse("(no reason recorded)") + "; transfers: " + transfers);
        }
        return transfers;
    }

    private static long count(List<SyncTransfer> transfers, String state) {
        return transfers.stream().filter(t -> t.state().equals(state)).count();
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
