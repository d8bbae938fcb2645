package io.tenantfleet.bench;

import io.tenantfleet.fleet.Workers;
import io.tenantfleet.provisioning.BulkProvisioningService;
import io.tenantfleet.provisioning.BulkRow;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import io.tenantfleet.rollout.TenantTemplate;
import io.tenantfleet.catalog.RegionCatalog;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The provisioning benchmark ({@code bench/provision.sh}). On the local catalog's three embedded
 * regions (fsync on), in one run, two rounds of: the raw baseline on half the tenants (the template
 * SQL of {@link BenchFleet}, schema after schema, one transaction each, over one connection per
 * region renewed every 20 tenants, regions in parallel), then bulk onboarding of the other half
 * ({@code provision --file} semantics, in-process); each side's rate is its tenants over its summed
 * time, so both met catalogs of the same sizes. Then a few through the one-tenant {@code provision},
 * and every bulk schema (or every bench.validate-every-th) is checked with Flyway's own
 * {@code validate}.
 * Last line: {@code provision: tenants_per_s=<n> raw_per_s=<n> vs_raw=<ratio>}.
 */
public final class ProvisionBenchmark {

    private static final List<String> REGIONS = List.of("eu-central", "us-east", "japan-east");
    private static final int SINGLE = Integer.getInteger("bench.single", 15);

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (ConfigurableApplicationContext context = BenchFleet.start("io.tenantfleet.provisioning.BulkWork")) {
            BenchFleet fleet = new BenchFleet(context.getBean(ControlPlaneConfiguration.DATA_SOURCE, DataSource.class),
                    context.getBean(RegionBaseline.class), context.getBean(TenantTemplate.class));
            RegionBaseline baseline = context.getBean(RegionBaseline.class);
            REGIONS.forEach(baseline::ready);

            // raw and bulk alternate, each round on half the tenants, so that both meet catalogs of the same
            // size (a region's DDL slows as its catalog grows) and noise on the machine weighs on both alike
            BulkProvisioningService bulkService = context.getBean(BulkProvisioningService.class);
            double rawSeconds = 0;
            double bulkSeconds = 0;
            int half = tenants / 2;
            for (int round = 0; round < 2; round++) {
                int from = round * half;
                int to = round == 0 ? half : tenants;
                double took = raw(fleet, baseline, from, to);
                rawSeconds += took;
                System.out.printf(Locale.ROOT, "raw, round %d: %d tenants in %.1f s%n", round + 1, to - from, took);
                took = bulk(bulkService, from, to);
                bulkSeconds += took;
            }
            double raw = tenants / rawSeconds;
            double bulk = tenants / bulkSeconds;
            single(context);
            validate(context.getBean(RegionConnections.class), tenants);
            System.out.printf(Locale.ROOT, "provision: tenants_per_s=%.1f raw_per_s=%.1f vs_raw=%.2f%n", bulk, raw, bulk / raw);
        }
    }

    /** Bulk onboarding of tenants {@code from} .. {@code to - 1}, as {@code provision --file} runs it; its seconds. */
    private static double bulk(BulkProvisioningService service, int from, int to) {
        List<BulkRow> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(BulkRow.of(i - from + 2, String.format("bulk_%06d", i), "Bench Org " + i, REGIONS.get(i % REGIONS.size()),
                    List.of()));
        }
        long started = System.nanoTime();
        BulkProvisioningService.Report report = service.start("bench.csv", rows, Workers.LOCAL);
        double seconds = (System.nanoTime() - started) / 1e9;
        report.regions().forEach((region, s) -> System.out.printf("bulk run %d %s: %s%n", report.run().id(), region, s));
        if (report.anyFailed() || report.regions().values().stream().mapToInt(s -> s.provisioned()).sum() != to - from) {
            throw new IllegalStateException("bulk run " + report.run().id() + " did not provision every tenant: "
                    + report.run().reason().orElse(""));
        }
        System.out.printf(Locale.ROOT, "bulk run %d: %d tenants in %.1f s; region build %.0f ms per tenant on average (the "
                + "rest: control plane and run bookkeeping)%n", report.run().id(), to - from, seconds,
                report.rows().stream().mapToInt(r -> r.millis()).average().orElse(0));
        return seconds;
    }

    /**
     * Raw template SQL for tenants {@code from} .. {@code to - 1}, one transaction per schema, a
     * connection per region renewed every 20 tenants, regions in parallel; its seconds.
     */
    private static double raw(BenchFleet fleet, RegionBaseline baseline, int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REGIONS.size());
        long started = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int r = 0; r < REGIONS.size(); r++) {
                int region = r;
                work.add(pool.submit(() -> {
                    DataSource dataSource = baseline.ready(REGIONS.get(region));
                    List<BenchFleet.Seeded> mine = new ArrayList<>();
                    for (int i = from + Math.floorMod(region - from, REGIONS.size()); i < to; i += REGIONS.size()) {
                        mine.add(new BenchFleet.Seeded(String.format("raw_%06d", i), REGIONS.get(region)));
                    }
                    for (int first = 0; first < mine.size(); first += 20) {
                        Connection connection = dataSource.getConnection();
                        try (connection; Statement statement = connection.createStatement()) {
                            connection.setAutoCommit(false);
                            for (BenchFleet.Seeded tenant : mine.subList(first, Math.min(mine.size(), first + 20))) {
                                fleet.rawTenant(connection, statement, tenant);
                                connection.commit();
                            }
                        } finally {
                            BenchFleet.newSessions(dataSource);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** A few organizations through the one-tenant path (a Spring Batch job each), for its rate. */
    private static void single(ConfigurableApplicationContext context) {
        ProvisioningService service = context.getBean(ProvisioningService.class);
        RegionCatalog catalog = context.getBean(RegionCatalog.class);
        long started = System.nanoTime();
        for (int i = 0; i < SINGLE; i++) {
            service.provision(ProvisionRequest.of(String.format("single_%04d", i), "Single " + i,
                    REGIONS.get(i % REGIONS.size()), List.of(), catalog));
        }
        System.out.printf(Locale.ROOT, "single provision: %d tenants at %.1f tenants/s%n", SINGLE,
                SINGLE / ((System.nanoTime() - started) / 1e9));
    }

    /** Flyway's own validate on every bulk schema, or every bench.validate-every-th (a Flyway instance costs ~0.3 s here). */
    private static void validate(RegionConnections connections, int tenants) {
        int every = Integer.getInteger("bench.validate-every", 1);
        long started = System.nanoTime();
        int checked = 0;
        for (int i = 0; i < tenants; i += every) {
            checked++;
            RegionEndpoint endpoint = connections.endpoint(REGIONS.get(i % REGIONS.size()));
            String schema = String.format("org_bulk_%06d", i);
            var result = Flyway.configure().dataSource(new SimpleDriverDataSource(new org.postgresql.Driver(), endpoint.url(),
                    endpoint.driverProperties())).schemas(schema).locations("classpath:sql/tenant").load().validateWithResult();
            if (!result.validationSuccessful) {
                throw new IllegalStateException(schema + " fails Flyway validate: " + result.getAllErrorMessages());
            }
        }
        System.out.printf(Locale.ROOT, "flyway validate: %d of %d bulk schemas checked (every %d), all pass (%.1f s)%n",
                checked, tenants, every, (System.nanoTime() - started) / 1e9);
    }
}
