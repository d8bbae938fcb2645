package io.tenantfleet.bench;

import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.sync.SyncRun;
import io.tenantfleet.sync.SyncService;
import io.tenantfleet.sync.SyncTransfer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
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
        try (ConfigurableApplicationContext context = BenchFleet.start("io.tenantfleet.sync.SyncWork")) {
            new SyncBenchmark(context.getBean(RegionConnections.class)).run(context, tenants);
        }
    }

    private void run(ConfigurableApplicationContext context, int tenants) throws Exception {
        java.util.Optional<List<BenchFleet.Seeded>> fleet = BenchFleet.withRows(context, REGIONS, tenants);
        if (fleet.isEmpty()) {
            return;
        }
        List<BenchFleet.Seeded> seeded = fleet.get();
        Map<String, Long> perRegion = seeded.stream().collect(Collectors.groupingBy(BenchFleet.Seeded::region,
                Collectors.counting()));
        for (String region : REGIONS) {
            // a kept fleet (bench.fleet) was synced by an earlier run: the full run starts from empty destinations
            try (Connection connection = connections.dataSource(region).getConnection();
                    PreparedStatement clear = connection.prepareStatement("DELETE FROM fleet.cross_region_metadata")) {
                clear.executeUpdate();
            }
        }
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
        BenchFleet.newSessions(pool);
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
                    + "sum(greatest(c.relpages, 0)::bigint + coalesce(greatest(t.relpages, 0), 0)) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = c.reltoastrelid "
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
