package io.tenantfleet.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.tenantfleet.OrchestratorApplication;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.retention.RetentionPolicy;
import io.tenantfleet.retention.RetentionPolicyRows;
import io.tenantfleet.rollout.TemplateMigration;
import io.tenantfleet.rollout.TenantTemplate;
import io.tenantfleet.tenant.TenantSlug;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Seeds benchmark tenants in bulk: the same roles, schema, template (every migration the template
 * had when this was made) and Flyway history that {@code provision} writes, without the per-tenant
 * job, since the benchmark measures rollouts.
 */
final class BenchFleet {


    /** A seeded tenant. */
    record Seeded(String slug, String region) {}

    /**
     * Writes a seeded tenant's rows, in its seeding transaction, acting as its owner role for its
     * organization (row-level security and the audit trigger apply as for its application).
     */
    @FunctionalInterface
    interface Rows {
        void write(Connection connection, Seeded tenant, UUID tenantId) throws SQLException;
    }

    private static final Rows NO_ROWS = (connection, tenant, tenantId) -> { };
    private static final int PER_TRANSACTION = Integer.getInteger("bench.seed-per-transaction", 10);
    private static final int PER_SESSION = Integer.getInteger("bench.seed-per-session", 20);
    /**
     * bench.fleet=DIR: the fleet is kept in DIR (its embedded servers' data and control plane) and
     * seeded there once; a later benchmark given the same DIR and tenant count starts on it without
     * seeding (seeding 10,000 tenants takes over half an hour). The tenants are the same either way.
     */
    private static final Path KEPT = System.getProperty("bench.fleet") == null ? null : Path.of(System.getProperty("bench.fleet"));
    /** Whether the kept fleet's directory held a fleet before this benchmark started. */
    private static final boolean KEPT_BEFORE = KEPT != null && Files.exists(KEPT.resolve("data"));
    /** bench.seed-only=true: the benchmark seeds (into bench.fleet) and stops, timing nothing. */
    static final boolean SEED_ONLY = "1".equals(System.getProperty("bench.seed-only"));

    private final DataSource controlPlane;
    private final RegionBaseline baseline;
    private final List<TemplateMigration> migrations;
    private final String templateSql;

    BenchFleet(DataSource controlPlane, RegionBaseline baseline, TenantTemplate template) {
        this.controlPlane = controlPlane;
        this.baseline = baseline;
        this.migrations = template.migrations();
        this.templateSql = migrations.stream().map(TemplateMigration::sql).collect(java.util.stream.Collectors.joining(";\n"));
    }

    /**
     * Starts the orchestrator (no web server) on the local catalog's embedded regions, fsync on, its
     * data under a new bench/out/run-* directory; it logs warnings only, but INFO of {@code infoLogger}.
     */
    static ConfigurableApplicationContext start(String infoLogger) throws IOException {
        Path work = KEPT == null ? Files.createDirectories(Path.of("bench", "out", "run-" + System.currentTimeMillis()))
                .toAbsolutePath() : Files.createDirectories(KEPT).toAbsolutePath();
        return new SpringApplicationBuilder(OrchestratorApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run("--orchestrator.data-dir=" + work.resolve("data"),
                        "--orchestrator.embedded-fast=false", "--logging.level.io.tenantfleet=WARN",
                        "--logging.level." + infoLogger + "=INFO");
    }

    /** Seeds tenants {@code from} .. {@code to - 1} round-robin over {@code regions}, one thread per region. */
    List<Seeded> seed(List<String> regions, int from, int to) throws Exception {
        return seed(regions, from, to, NO_ROWS);
    }

    /** As {@link #seed(List, int, int)}, each tenant with its rows written by {@code rows}. */
    List<Seeded> seed(List<String> regions, int from, int to, Rows rows) throws Exception {
        Path marker = marker(regions, from, to);
        if (reusable(regions, from, to)) {
            System.out.printf("reusing the fleet kept in %s (%d tenants seeded there before)%n", KEPT, to - from);
            return tenants(regions, from, to);
        }
        if (marker != null && KEPT_BEFORE) {
            throw new IllegalStateException(KEPT + " holds a fleet seeded with other tenants, by an earlier format of "
                    + "this seeding (format 1: no retention policies), or whose seeding was interrupted: give bench.fleet "
                    + "a new directory");
        }
        List<Seeded> all = seedOnce(regions, from, to, rows);
        if (marker != null) {
            Files.writeString(marker, "");
        }
        return all;
    }

    /**
     * The kept fleet's record that these tenants were seeded there, or null when no fleet is kept. Its
     * name carries the seeding's format: 2 since tenants seeded with rows carry their retention policy
     * (a fleet of format 1, without, is refused rather than measured as if it were the same).
     */
    private static Path marker(List<String> regions, int from, int to) {
        return KEPT == null ? null : KEPT.resolve("seeded-2-" + from + "-" + to + "-" + String.join(",", regions));
    }

    /** Whether the kept fleet (bench.fleet) already holds these tenants. */
    private static boolean reusable(List<String> regions, int from, int to) {
        Path marker = marker(regions, from, to);
        return marker != null && Files.exists(marker);
    }

    /**
     * The sync and residency benchmarks' fleet: {@code tenants} tenants round-robin over
     * {@code regions}, each with {@link #organizationRows} and {@link #retentionRows}, seeded now (its
     * time printed) or reused from bench.fleet; empty after seeding when bench.seed-only asks to time
     * nothing.
     */
    static java.util.Optional<List<Seeded>> withRows(ConfigurableApplicationContext context, List<String> regions, int tenants)
            throws Exception {
        BenchFleet fleet = new BenchFleet(context.getBean(io.tenantfleet.region.ControlPlaneConfiguration.DATA_SOURCE,
                DataSource.class), context.getBean(RegionBaseline.class), context.getBean(TenantTemplate.class));
        boolean reused = reusable(regions, 0, tenants);
        long started = System.nanoTime();
        RegionCatalog catalog = context.getBean(RegionCatalog.class);
        String version = context.getBean(TenantTemplate.class).latest().text();
        List<Seeded> seeded = fleet.seed(regions, 0, tenants, (connection, tenant, orgId) -> {
            organizationRows(connection, tenant, orgId);
            retentionRows(connection, tenant, orgId, catalog, version);
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!reused) {
            System.out.printf(java.util.Locale.ROOT, "seeded %d tenants over %d regions, with rows, in %.1f s (%.1f "
                    + "tenants/s)%n", tenants, regions.size(), seconds, tenants / seconds);
        }
        return SEED_ONLY ? java.util.Optional.empty() : java.util.Optional.of(seeded);
    }

    /** Tenants {@code from} .. {@code to - 1}, round-robin over {@code regions}. */
    private static List<Seeded> tenants(List<String> regions, int from, int to) {
        List<Seeded> all = new ArrayList<>();
        for (int i = from; i < to; i++) {
            all.add(new Seeded(String.format("bench_%06d", i), regions.get(i % regions.size())));
        }
        return all;
    }

    private List<Seeded> seedOnce(List<String> regions, int from, int to, Rows rows) throws Exception {
        List<Seeded> all = tenants(regions, from, to);
        List<List<Seeded>> perRegion = new ArrayList<>();
        regions.forEach(r -> perRegion.add(new ArrayList<>()));
        for (Seeded tenant : all) {
            perRegion.get(regions.indexOf(tenant.region())).add(tenant);
        }
        ExecutorService pool = Executors.newFixedThreadPool(regions.size());
        try {
            List<Future<?>> work = new ArrayList<>();
            for (List<Seeded> tenants : perRegion) {
                work.add(pool.submit(() -> {
                    seedRegion(tenants, rows);
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        register(all);
        return all;
    }

    /**
     * One region's tenants: 10 per transaction (bench.seed-per-transaction), each tenant's template
     * in one statement, and a fresh server session every 20 tenants (bench.seed-per-session): a
     * session keeps the plans of every tenant's PL/pgSQL functions it ran (the audit trigger, when
     * rows are written) and PostgreSQL 17 walks all of them on each relation invalidation, which the
     * next tenant's DDL sends by the hundred: on one session per region, seeding slowed to a third
     * within 200 tenants, 85% of the server's time in PlanCacheRelCallback/PlanCacheObjectCallback.
     */
    private void seedRegion(List<Seeded> tenants, Rows rows) throws SQLException {
        if (tenants.isEmpty()) {
            return;
        }
        DataSource dataSource = baseline.ready(tenants.get(0).region());
        long[] started = {System.nanoTime(), 0};
        for (int first = 0; first < tenants.size(); first += PER_SESSION) {
            List<Seeded> session = tenants.subList(first, Math.min(tenants.size(), first + PER_SESSION));
            Connection connection = dataSource.getConnection();
            try (connection; Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                for (int i = 0; i < session.size(); i++) {
                    seedTenant(connection, statement, session.get(i), rows);
                    if ((i + 1) % PER_TRANSACTION == 0 || i == session.size() - 1) {
                        connection.commit();
                    }
                }
            } finally {
                evict(dataSource, connection);
            }
            progress(tenants.get(0).region(), first, first + session.size(), started);
        }
    }

    /** Every 1,000 tenants of a region, how far it is and how fast it went lately (a long seeding shows its pace). */
    private static void progress(String region, int before, int done, long[] started) {
        if (before / 1000 != done / 1000) {
            long now = System.nanoTime();
            System.out.printf(java.util.Locale.ROOT, "seeding %s: %d tenants, the last %d at %.1f tenants/s%n", region,
                    done, done - started[1], (done - started[1]) / ((now - started[0]) / 1e9));
            started[1] = done;
            started[0] = now;
        }
    }

    /** The template SQL of one tenant, as {@code provision} would leave its schema, in the open transaction. */
    void rawTenant(Connection connection, Statement statement, Seeded tenant) throws SQLException {
        seedTenant(connection, statement, tenant, NO_ROWS);
    }

    private void seedTenant(Connection connection, Statement statement, Seeded tenant, Rows rows) throws SQLException {
        TenantSlug slug = new TenantSlug(tenant.slug());
        String schema = TenantSlug.quote(slug.schema());
        String owner = TenantSlug.quote(slug.ownerRole());
        statement.execute("RESET ROLE; CREATE ROLE " + owner + " NOLOGIN NOINHERIT; CREATE ROLE "
                + TenantSlug.quote(slug.appRole()) + " NOLOGIN; CREATE ROLE " + TenantSlug.quote(slug.readOnlyRole())
                + " NOLOGIN; GRANT " + owner + " TO CURRENT_USER; CREATE SCHEMA " + schema + " AUTHORIZATION " + owner
                + "; SET LOCAL ROLE " + owner + "; SET LOCAL search_path = " + schema + ", public");
        try (PreparedStatement context = connection.prepareStatement("SELECT set_config('app.current_org_id', ?, true)")) {
            // the template's migrations run for the organization, as provisioning's Flyway does
            context.setString(1, tenantId(tenant).toString());
            context.execute();
        }
        statement.execute(String.format(io.tenantfleet.provisioning.TenantMigrator.HISTORY_TABLE, schema) + templateSql.replace("${flyway:defaultSchema}", slug.schema()));
        io.tenantfleet.provisioning.TenantMigrator.history(connection, schema, migrations, new int[migrations.size()]);
        rows.write(connection, tenant, tenantId(tenant));
    }

    /**
     * A tenant's rows ({@link Rows}), acting for its organization: its organization, 1-11 users (every fourth
     * deleted), 1-13 assessments over the four statuses and 1-3 results each over the four
     * severities, so that some counts are under the k-threshold and some are not.
     */
    static void organizationRows(Connection connection, Seeded tenant, UUID orgId) throws SQLException {
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

    /**
     * A tenant's retention policy as {@code provision} writes it (every category, the rules of its
     * region's jurisdictions), acting for its organization.
     */
    static void retentionRows(Connection connection, Seeded tenant, UUID orgId, RegionCatalog catalog,
            String schemaVersion) throws SQLException {
        RetentionPolicyRows.writeAll(connection, new TenantSlug(tenant.slug()), orgId,
                RetentionPolicy.of(catalog.region(tenant.region()), List.of(), catalog), schemaVersion);
    }

    /**
     * Closes every pooled session of {@code pool} (those in use when they are returned): whoever
     * uses it next gets a new server session, as a new orchestrator process does, its catalog
     * caches empty.
     */
    static void newSessions(DataSource pool) throws SQLException {
        if (!pool.isWrapperFor(HikariDataSource.class)) {
            throw new IllegalStateException("not a Hikari pool, its sessions cannot be renewed: " + pool);
        }
        pool.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
    }

    /** The seeding session is closed for good, not pooled: whoever uses the pool next gets a fresh one. */
    private static void evict(DataSource dataSource, Connection connection) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
        }
    }

    private void register(List<Seeded> tenants) throws SQLException {
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO tenant (tenant_id, slug, home_region, "
                        + "status, schema_version, attempts, activated_at) VALUES (?, ?, ?, 'ACTIVE', ?, 1, now())")) {
            for (Seeded tenant : tenants) {
                insert.setObject(1, tenantId(tenant));
                insert.setString(2, tenant.slug());
                insert.setString(3, tenant.region());
                insert.setString(4, migrations.get(migrations.size() - 1).version().text());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The benchmark tenant's id, the same when its schema is seeded and when it is registered. */
    static UUID tenantId(Seeded tenant) {
        return UUID.nameUUIDFromBytes(tenant.slug().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
