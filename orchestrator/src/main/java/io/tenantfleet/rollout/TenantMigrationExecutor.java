package io.tenantfleet.rollout;

import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Migrates one tenant schema in one transaction, without Flyway's per-call cost: under the tenant's
 * advisory lock it checks the schema's real version, runs the pending template migrations as the
 * owner role, writes the same flyway_schema_history rows Flyway would (so Flyway's own validate
 * passes), and appends a residency-ledger entry, then commits; any error rolls all of it back.
 */
@Component
class TenantMigrationExecutor {

    /** What happened to one tenant. */
    enum Result {
        MIGRATED, ALREADY_CURRENT, BUSY
    }

    record Outcome(Result result, String version, String error, long millis) {}

    private final TenantTemplate template;

    TenantMigrationExecutor(TenantTemplate template) {
        this.template = template;
    }

    Outcome migrate(Connection connection, PlannedTenant tenant, TemplateVersion target) throws SQLException {
        long started = System.nanoTime();
        TenantSlug slug = new TenantSlug(tenant.slug());
        String schema = TenantSlug.quote(slug.schema());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (!lock(connection, slug)) {
                connection.rollback();
                return new Outcome(Result.BUSY, tenant.from().text(), "tenant is locked by provisioning or another rollout",
                        elapsed(started));
            }
            TemplateVersion current = TemplateVersion.parse(currentVersion(statement, schema));
            if (current.compareTo(target) >= 0) {
                connection.rollback();
                return new Outcome(Result.ALREADY_CURRENT, current.text(), null, elapsed(started));
            }
            statement.execute("SET LOCAL ROLE " + TenantSlug.quote(slug.ownerRole()));
            statement.execute("SET LOCAL search_path = " + schema + ", public");
            List<TemplateMigration> pending = template.between(current, target);
            for (TemplateMigration migration : pending) {
                long step = System.nanoTime();
                statement.execute(migration.sqlFor(slug.schema()));
                recordHistory(connection, schema, migration, (int) ((System.nanoTime() - step) / 1_000_000));
            }
            statement.execute("RESET ROLE");
            ResidencyLedger.append(connection, tenant.region(), "TENANT_MIGRATED", tenant.tenantId(), tenant.slug(),
                    slug.schema(), Map.of("from_version", current.text(), "to_version", target.text(),
                            "scripts", String.join(",", pending.stream().map(TemplateMigration::script).toList())));
            connection.commit();
            return new Outcome(Result.MIGRATED, target.text(), null, elapsed(started));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean lock(Connection connection, TenantSlug slug) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('tenant:' || ?, 0))")) {
            lock.setString(1, slug.value());
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String currentVersion(Statement statement, String schema) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT version FROM " + schema + ".flyway_schema_history "
                + "WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "0";
        }
    }

    private static void recordHistory(Connection connection, String schema, TemplateMigration migration, int millis)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".flyway_schema_history "
                + "(installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
                + "SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, 'SQL', ?, ?, current_user, ?, true FROM "
                + schema + ".flyway_schema_history")) {
            insert.setString(1, migration.version().text());
            insert.setString(2, migration.description());
            insert.setString(3, migration.script());
            insert.setInt(4, migration.checksum());
            insert.setInt(5, millis);
            insert.executeUpdate();
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
