package io.tenantfleet.bench;

import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.rollout.TemplateMigration;
import io.tenantfleet.rollout.TenantTemplate;
import io.tenantfleet.tenant.TenantSlug;
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

/**
 * Seeds benchmark tenants in bulk: the same roles, schema, template (every migration the template
 * had when this was made) and Flyway history that {@code provision} writes, without the per-tenant
 * job, since the benchmark measures rollouts.
 */
final class BenchFleet {

    private static final String HISTORY_TABLE = """
            CREATE TABLE %1$s.flyway_schema_history (
                installed_rank INT NOT NULL, version VARCHAR(50), description VARCHAR(200) NOT NULL,
                type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT,
                installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(),
                execution_time INT NOT NULL, success BOOLEAN NOT NULL);
            ALTER TABLE %1$s.flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);
            CREATE INDEX flyway_schema_history_s_idx ON %1$s.flyway_schema_history (success);
            """;

    /** A seeded tenant. */
    record Seeded(String slug, String region) {}

    private final DataSource controlPlane;
    private final RegionBaseline baseline;
    private final List<TemplateMigration> migrations;

    BenchFleet(DataSource controlPlane, RegionBaseline baseline, TenantTemplate template) {
        this.controlPlane = controlPlane;
        this.baseline = baseline;
        this.migrations = template.migrations();
    }

    /** Seeds tenants {@code from} .. {@code to - 1} round-robin over {@code regions}, one thread per region. */
    List<Seeded> seed(List<String> regions, int from, int to) throws Exception {
        List<Seeded> all = new ArrayList<>();
        List<List<Seeded>> perRegion = new ArrayList<>();
        regions.forEach(r -> perRegion.add(new ArrayList<>()));
        for (int i = from; i < to; i++) {
            Seeded tenant = new Seeded(String.format("bench_%06d", i), regions.get(i % regions.size()));
            perRegion.get(i % regions.size()).add(tenant);
            all.add(tenant);
        }
        ExecutorService pool = Executors.newFixedThreadPool(regions.size());
        try {
            List<Future<?>> work = new ArrayList<>();
            for (List<Seeded> tenants : perRegion) {
                work.add(pool.submit(() -> {
                    seedRegion(tenants);
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

    private void seedRegion(List<Seeded> tenants) throws SQLException {
        if (tenants.isEmpty()) {
            return;
        }
        DataSource dataSource = baseline.ready(tenants.get(0).region());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (Seeded tenant : tenants) {
                TenantSlug slug = new TenantSlug(tenant.slug());
                String schema = TenantSlug.quote(slug.schema());
                String owner = TenantSlug.quote(slug.ownerRole());
                statement.execute("CREATE ROLE " + owner + " NOLOGIN NOINHERIT; CREATE ROLE "
                        + TenantSlug.quote(slug.appRole()) + " NOLOGIN; CREATE ROLE " + TenantSlug.quote(slug.readOnlyRole())
                        + " NOLOGIN; GRANT " + owner + " TO CURRENT_USER; CREATE SCHEMA " + schema + " AUTHORIZATION " + owner
                        + "; SET LOCAL ROLE " + owner + "; SET LOCAL search_path = " + schema + ", public");
                try (PreparedStatement context = connection.prepareStatement(
                        "SELECT set_config('app.current_org_id', ?, true)")) {
                    // the template's migrations run for the organization, as provisioning's Flyway does
                    context.setString(1, tenantId(tenant).toString());
                    context.execute();
                }
                statement.execute(String.format(HISTORY_TABLE, schema));
                try (PreparedStatement history = connection.prepareStatement("INSERT INTO " + schema
                        + ".flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                        + "installed_by, execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, current_user, 0, true)")) {
                    for (int rank = 1; rank <= migrations.size(); rank++) {
                        TemplateMigration migration = migrations.get(rank - 1);
                        statement.execute(migration.sql().replace("${flyway:defaultSchema}", slug.schema()));
                        history.setInt(1, rank);
                        history.setString(2, migration.version().text());
                        history.setString(3, migration.description());
                        history.setString(4, migration.script());
                        history.setInt(5, migration.checksum());
                        history.executeUpdate();
                    }
                }
                connection.commit();
            }
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
    private static UUID tenantId(Seeded tenant) {
        return UUID.nameUUIDFromBytes(tenant.slug().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
