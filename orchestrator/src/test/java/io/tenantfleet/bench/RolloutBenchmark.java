package io.tenantfleet.bench;

import io.tenantfleet.OrchestratorApplication;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.fleet.remote.FleetWorkers;
import io.tenantfleet.region.EmbeddedFleet;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import io.tenantfleet.rollout.Amount;
import io.tenantfleet.rollout.RolloutOptions;
import io.tenantfleet.rollout.RolloutRun;
import io.tenantfleet.rollout.RolloutService;
import io.tenantfleet.rollout.TenantTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The rollout benchmark ({@code bench/rollout.sh}). On embedded regions it starts itself, seeds N
 * tenants, warms up with one rollout over all of them (its cold rate is printed), then measures in
 * one run the same kind of migration (ADD COLUMN + CREATE INDEX) applied by (a) {@code rollout
 * apply}, (b) a naive loop of Flyway {@code migrate()} with a new Flyway per schema, and (c) the
 * bare DDL over one JDBC connection per region; then grows the fleet to PLAN_N tenants, rolls a
 * migration out to all of them, and times a {@code rollout plan} with nothing pending. Prints the
 * figures; the last line is the summary.
 */
public final class RolloutBenchmark {

    private static final List<String> REGIONS = List.of("eu-central", "us-east", "japan-east");
    private static final int ROUNDS = 2;

    private final Path dataDir;

    private RolloutBenchmark(Path dataDir) {
        this.dataDir = dataDir;
    }
    private static final String DDL = "ALTER TABLE %1$s.assessments ADD COLUMN %2$s integer;\n"
            + "CREATE INDEX assessments_%2$s_idx ON %1$s.assessments (%2$s);\n";

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int planTenants = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int naiveSample = Math.min(tenants, args.length > 2 ? Integer.parseInt(args[2]) : 300);
        Path work = Files.createDirectories(Path.of("bench", "out", "run-" + System.currentTimeMillis())).toAbsolutePath();
        Path template = Files.createDirectories(work.resolve("template"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .run("--orchestrator.data-dir=" + work.resolve("data"), "--orchestrator.embedded-fast=false",
                        "--orchestrator.tenant-template=classpath:sql/tenant,filesystem:" + template,
                        "--logging.level.io.tenantfleet=WARN", "--logging.level.io.tenantfleet.rollout.RolloutWork=INFO",
                        "--logging.level.io.tenantfleet.rollout.RolloutService=INFO")) {
            new RolloutBenchmark(work.resolve("data")).run(context, template, tenants, planTenants, naiveSample);
        }
    }

    private void run(ConfigurableApplicationContext context, Path template, int tenants, int planTenants, int naiveSample)
            throws Exception {
        RegionConnections connections = context.getBean(RegionConnections.class);
        TenantTemplate tenantTemplate = context.getBean(TenantTemplate.class);
        RolloutService rollouts = context.getBean(RolloutService.class);
        BenchFleet fleet = new BenchFleet(context.getBean(ControlPlaneConfiguration.DATA_SOURCE, DataSource.class),
                context.getBean(RegionBaseline.class), tenantTemplate);

        long t0 = System.nanoTime();
        List<BenchFleet.Seeded> seeded = fleet.seed(REGIONS, 0, tenants);
        report("seeded %d tenants over %d regions in %.1f s", tenants, REGIONS.size(), seconds(t0));

        // warm-up: one rollout over the whole fleet, so JIT and every server's caches are in steady state
        // for all three methods alike; its cold rate is reported too
        // the benchmark's migrations are numbered after the template's own
        int base = tenantTemplate.latest().parts().get(0).intValue();
        String warmupVersion = String.valueOf(base + 1);
        Files.writeString(template.resolve("V" + warmupVersion + "__bench_warmup.sql"),
                String.format(DDL, "${flyway:defaultSchema}", "bench_w"));
        settle(connections);
        long tw = System.nanoTime();
        RolloutRun warmup = rollouts.apply(options(warmupVersion)).orElseThrow();
        requireCompleted(warmup);
        report("warm-up rollout apply (cold JVM and caches): %.1f schemas/s", tenants / seconds(tw));

        // raw and apply alternate twice, each on a migration of its own, and their means are compared,
        // so that noise on the machine weighs on both alike
        double rawSum = 0;
        double applySum = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            settle(connections);
            long cpuRaw = cpu();
            double[] serverRaw = serverCpu();
            double raw = raw(connections, seeded, "bench_c" + round);
            report("(c) raw DDL, one connection per region, round %d: %.1f schemas/s (%s)", round, raw,
                    cpuSince(cpuRaw, serverRaw));
            String version = String.valueOf(base + 1 + round);
            Files.writeString(template.resolve("V" + version + "__bench_apply_" + round + ".sql"),
                    String.format(DDL, "${flyway:defaultSchema}", "bench_a" + round));
            settle(connections);
            long t1 = System.nanoTime();
            long cpuApply = cpu();
            double[] serverApply = serverCpu();
            RolloutRun run = rollouts.apply(options(version)).orElseThrow();
            double apply = tenants / seconds(t1);
            report("(a) rollout apply, round %d (run %d, %s): %.1f schemas/s (%s)", round, run.id(), run.status(), apply,
                    cpuSince(cpuApply, serverApply));
            requireCompleted(run);
            rawSum += raw;
            applySum += apply;
        }
        double raw = rawSum / ROUNDS;
        double apply = applySum / ROUNDS;

        double[] workers = workers(context, template, tenants, base + 2 + ROUNDS);

        String naiveVersion = String.valueOf(base + 7 + ROUNDS);
        Files.writeString(template.resolve("V" + naiveVersion + "__bench_naive.sql"),
                String.format(DDL, "${flyway:defaultSchema}", "bench_b"));
        double naive = naive(connections, seeded.subList(0, naiveSample), template, naiveVersion);
        report("(b) naive Flyway loop, new instance per schema, %d schemas: %.1f schemas/s", naiveSample, naive);

        long t2 = System.nanoTime();
        fleet.seed(REGIONS, tenants, planTenants);
        report("grew the fleet to %d tenants in %.1f s", planTenants, seconds(t2));
        long t3 = System.nanoTime();
        RolloutRun big = rollouts.apply(options(null)).orElseThrow();
        report("rollout of %d tenants to version %s: %s in %.1f s (max heap %d MB)", planTenants, big.targetVersion(),
                big.status(), seconds(t3), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        requireCompleted(big);

        double plan = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t4 = System.nanoTime();
            int pending = rollouts.plan(options(null)).pendingCount();
            plan = Math.min(plan, seconds(t4));
            if (pending != 0) {
                throw new IllegalStateException("expected nothing pending, found " + pending);
            }
        }
        report("rollout plan, nothing pending, %d tenants: %.3f s (best of 3)", planTenants, plan);
        System.out.printf(Locale.ROOT, "workers: local=%.1f remote1=%.1f remote2=%.1f%n", workers[0], workers[1], workers[2]);
        System.out.printf(Locale.ROOT, "rollout: apply=%.1f naive=%.1f raw=%.1f vs_raw=%.2f vs_naive=%.1f noop_plan_10k=%.3fs%n",
                apply, naive, raw, apply / raw, apply / naive, plan);
    }

    /**
     * The same kind of migration rolled out on threads of this process, then on one worker JVM, then
     * on two (the fleet shared with them as 'orchestrator up' does). Each worker count gets an
     * unmeasured rollout first, so that the new JVMs are warm, as this one is.
     */
    private double[] workers(ConfigurableApplicationContext context, Path template, int tenants, int firstVersion)
            throws Exception {
        context.getBean(EmbeddedFleet.class).up();
        double[] rates = new double[3];
        int[] version = {firstVersion};
        rates[0] = remoteOrLocal(context, template, tenants, version, Workers.LOCAL, "local threads");
        try (BenchWorkers workers = new BenchWorkers(dataDir, "classpath:sql/tenant,filesystem:" + template,
                context.getBean(FleetWorkers.class))) {
            for (int count = 1; count <= 2; count++) {
                workers.add(4);
                remoteOrLocal(context, template, tenants, version, Workers.REMOTE, count + " worker JVM(s), warm-up");
                rates[count] = remoteOrLocal(context, template, tenants, version, Workers.REMOTE, count + " worker JVM(s)");
            }
        }
        return rates;
    }

    private double remoteOrLocal(ConfigurableApplicationContext context, Path template, int tenants, int[] version,
            Workers where, String label) throws Exception {
        String target = String.valueOf(version[0]++);
        Files.writeString(template.resolve("V" + target + "__bench_workers.sql"),
                String.format(DDL, "${flyway:defaultSchema}", "bench_r" + target));
        settle(context.getBean(RegionConnections.class));
        long cpu = cpu();
        double[] servers = serverCpu();
        long t = System.nanoTime();
        RolloutOptions o = options(target);
        RolloutRun run = context.getBean(RolloutService.class).apply(new RolloutOptions(o.target(), o.canaryCount(),
                o.canaryTenants(), o.waveSize(), o.maxFailures(), o.parallelPerRegion(), o.regions(), o.confirm(),
                o.batchSize(), where)).orElseThrow();
        double rate = tenants / seconds(t);
        requireCompleted(run);
        report("workers: %s, run %d: %.1f schemas/s (%s)", label, run.id(), rate, cpuSince(cpu, servers));
        return rate;
    }

    private static void requireCompleted(RolloutRun run) {
        if (run.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("rollout " + run.id() + " ended " + run.status() + ": "
                    + run.haltReason().orElse("(no reason recorded)"));
        }
    }

    /**
     * The rollout's options: the defaults (one canary, waves of 25%, no failure tolerated, batches of
     * 16), except one connection per region ({@code --parallel-per-region 1}), as the raw baseline
     * has. System properties bench.wave-size, bench.parallel and bench.batch change them.
     */
    private static RolloutOptions options(String target) {
        return new RolloutOptions(Optional.ofNullable(target), 1, List.of(),
                Amount.parse("--wave-size", System.getProperty("bench.wave-size", "25%")), new Amount(0, false),
                Integer.getInteger("bench.parallel", 1), List.of(), Optional.empty(),
                Integer.getInteger("bench.batch", RolloutOptions.DEFAULT_BATCH));
    }

    /**
     * Same starting point for every measurement: no autovacuum worker busy (up to a minute) and
     * dirty pages written out, in every region.
     */
    static void settle(RegionConnections connections) throws Exception {
        for (String region : REGIONS) {
            try (Connection connection = connections.dataSource(region).getConnection();
                    Statement statement = connection.createStatement()) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    try (java.sql.ResultSet rs = statement.executeQuery(
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
    }

    /** The bare DDL, schema after schema, over one connection per region, regions at once. */
    private static double raw(RegionConnections connections, List<BenchFleet.Seeded> seeded, String column)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REGIONS.size());
        long started = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String region : REGIONS) {
                List<String> schemas = seeded.stream().filter(s -> s.region().equals(region)).map(s -> "org_" + s.slug()).toList();
                work.add(pool.submit(() -> {
                    try (Connection connection = connections.dataSource(region).getConnection();
                            Statement statement = connection.createStatement()) {
                        for (String schema : schemas) {
                            statement.execute(String.format(DDL, schema, column));
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
        return seeded.size() / seconds(started);
    }

    /** A new Flyway per schema, migrate(), one schema after another. */
    private static double naive(RegionConnections connections, List<BenchFleet.Seeded> sample, Path template,
            String target) {
        long started = System.nanoTime();
        for (BenchFleet.Seeded tenant : sample) {
            RegionEndpoint endpoint = connections.endpoint(tenant.region());
            Flyway.configure().dataSource(endpoint.url(), endpoint.user(), null).schemas("org_" + tenant.slug())
                    .locations("classpath:sql/tenant", "filesystem:" + template).target(target).load().migrate();
        }
        return sample.size() / seconds(started);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU seconds used so far by this run's PostgreSQL servers, {@code [regions, control plane]}:
     * each postmaster's own and its exited children's time, plus its live children's.
     */
    private double[] serverCpu() {
        java.util.Map<Long, long[]> stats = new java.util.HashMap<>();
        java.util.Map<Long, Boolean> controlPlane = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    long pid = Long.parseLong(process.getFileName().toString());
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after the name: ppid is field 1; utime, stime, cutime, cstime are fields 11 to 14
                    long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    long children = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                    stats.put(pid, new long[] {Long.parseLong(fields[1]), own, children});
                    String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                    if (command.contains(" -D " + dataDir)) {
                        controlPlane.put(pid, command.contains("control-plane"));
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended while being read
                }
            }
        } catch (java.io.IOException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] ticks = new double[2];
        stats.forEach((pid, stat) -> {
            Boolean postmasterIsControl = controlPlane.get(pid);
            if (postmasterIsControl != null) {
                ticks[postmasterIsControl ? 1 : 0] += stat[1] + stat[2];
            } else if (controlPlane.containsKey(stat[0])) {
                ticks[controlPlane.get(stat[0]) ? 1 : 0] += stat[1];
            }
        });
        return new double[] {ticks[0] / 100.0, ticks[1] / 100.0};
    }

    private String cpuSince(long jvmStart, double[] serverStart) {
        double[] server = serverCpu();
        return String.format(Locale.ROOT, "cpu s: orchestrator JVM %.2f, region servers %.2f, control plane %.2f",
                (cpu() - jvmStart) / 1e9, server[0] - serverStart[0], server[1] - serverStart[1]);
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
