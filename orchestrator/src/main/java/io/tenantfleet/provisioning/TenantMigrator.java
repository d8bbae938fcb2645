package io.tenantfleet.provisioning;

import io.tenantfleet.rollout.TemplateMigration;
import io.tenantfleet.rollout.TenantTemplate;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies the tenant template ({@code sql/tenant}) to a new tenant schema, in the caller's region
 * transaction, as the tenant's owner role acting for its organization ({@code app.current_org_id}:
 * the tenant tables force row-level security). It writes the standard {@code flyway_schema_history}
 * Flyway would (its table, and per migration the version, description, script and checksum that
 * Flyway's own resolver gives, see {@link TenantTemplate}), so Flyway's {@code validate} and
 * {@code info} see a normal schema. Flyway itself is not called per tenant: a Flyway instance
 * costs its own connections, location scan and history probes, several times the template's DDL.
 */
@Component
public class TenantMigrator {

    /** Flyway's PostgreSQL history table, as Flyway creates it; {@code %1$s} is the quoted schema. */
    public static final String HISTORY_TABLE = """
            CREATE TABLE %1$s.flyway_schema_history (
                installed_rank INT NOT NULL, version VARCHAR(50), description VARCHAR(200) NOT NULL,
                type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT,
                installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(),
                execution_time INT NOT NULL, success BOOLEAN NOT NULL);
            ALTER TABLE %1$s.flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);
            CREATE INDEX flyway_schema_history_s_idx ON %1$s.flyway_schema_history (success);
            """;

    private final TenantTemplate template;

    public TenantMigrator(TenantTemplate template) {
        this.template = template;
    }

    /**
     * Migrates the new schema of organization {@code orgId} to the latest template version in the
     * transaction open on {@code connection}; returns that version. The session is back to the
     * orchestrator's own role afterwards (the organization setting ends with the transaction).
     */
    public String migrate(Connection connection, TenantSlug slug, UUID orgId) throws SQLException {
        List<TemplateMigration> migrations = template.migrations();
        String schema = TenantSlug.quote(slug.schema());
        try (Statement statement = connection.createStatement()) {
            String searchPath = searchPath(statement);
            TenantSession.actAsOwner(connection, slug, orgId);
            // one round trip: the history table and every migration (the template is the orchestrator's own SQL)
            StringBuilder script = new StringBuilder("SET LOCAL search_path = " + schema + ", public;\n")
                    .append(String.format(HISTORY_TABLE, schema));
            migrations.forEach(m -> script.append(m.sqlFor(slug.schema())).append("\n;\n"));
            long started = System.nanoTime();
            try {
                statement.execute(script.toString());
            } catch (SQLException e) {
                throw new SQLException("tenant template migration failed (" + migrations.get(0).script() + " .. "
                        + migrations.get(migrations.size() - 1).script() + "): " + e.getMessage(), e.getSQLState(), e);
            }
            int each = (int) ((System.nanoTime() - started) / 1_000_000 / migrations.size());
            int[] millis = new int[migrations.size()];
            java.util.Arrays.fill(millis, each);
            history(connection, schema, migrations, millis);
            TenantSession.resetRole(connection);
            try (PreparedStatement restore = connection.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                restore.setString(1, searchPath);
                restore.execute();
            }
        }
        return migrations.get(migrations.size() - 1).version().text();
    }

    private static String searchPath(Statement statement) throws SQLException {
        try (java.sql.ResultSet rs = statement.executeQuery("SHOW search_path")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Writes the history rows Flyway would for {@code migrations} (ranks 1..n) into the quoted
     * {@code schema}'s {@code flyway_schema_history}, with each migration's execution time.
     */
    public static void history(Connection connection, String schema, List<TemplateMigration> migrations, int[] millis)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".flyway_schema_history "
                + "(installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
                + "VALUES (?, ?, ?, 'SQL', ?, ?, current_user, ?, true)")) {
            for (int rank = 1; rank <= migrations.size(); rank++) {
                TemplateMigration migration = migrations.get(rank - 1);
                insert.setInt(1, rank);
                insert.setString(2, migration.version().text());
                insert.setString(3, migration.description());
                insert.setString(4, migration.script());
                insert.setInt(5, migration.checksum());
                insert.setInt(6, millis[rank - 1]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
