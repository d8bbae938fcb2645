package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sample rows of spread ages for a tenant, so that retention has something real to do: users
 * (with profiles and consents) active lately, inactive for eight years, soft-deleted 45 days ago
 * (past the default grace) and 5 days ago (within it); assessments with results edited lately,
 * eight years ago, and soft-deleted 60 days ago. E-mails and names are encrypted under the tenant's
 * data key, which is set for the seeding transaction only. Used by {@code demo} and the tests.
 */
public final class SampleData {

    /** Ages of the sample users, by position modulo 4. */
    static final Duration[] USER_AGES = {Duration.ofDays(2), Duration.ofDays(8 * 365), Duration.ofDays(45),
            Duration.ofDays(5)};

    private SampleData() {
    }

    /**
     * Inserts {@code users} users (user{i}@{slug}.example) and as many assessments, in one
     * transaction on {@code connection} (auto-commit off or on: it manages its own); with
     * {@code holdOne}, user1 (inactive for eight years, so past retention) is put under a legal hold.
     */
    public static void seed(Connection connection, TenantSlug slug, UUID orgId, String dataKey, Instant now, int users,
            boolean holdOne) throws SQLException {
        String schema = TenantSlug.quote(slug.schema());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            TenantSession.actAsOwner(connection, slug, orgId);
            try (PreparedStatement key = connection.prepareStatement("SELECT set_config('app.data_key', ?, true)")) {
                key.setString(1, dataKey);
                key.execute();
            }
            try (PreparedStatement user = connection.prepareStatement("WITH u AS (INSERT INTO " + schema + ".users "
                    + "(org_id, email_cipher, email_lookup, full_name_cipher, last_login_at, created_at, updated_at, deleted_at) "
                    + "VALUES (?, " + schema + ".pii_encrypt(?), " + schema + ".pii_lookup_hash(?), " + schema
                    + ".pii_encrypt(?), ?, ?, ?, ?) RETURNING user_id, org_id, created_at, deleted_at), "
                    + "p AS (INSERT INTO " + schema + ".profiles (org_id, user_id, phone_cipher, locale, created_at, updated_at, "
                    + "deleted_at) SELECT org_id, user_id, " + schema + ".pii_encrypt(?), 'en', created_at, created_at, deleted_at "
                    + "FROM u) INSERT INTO " + schema + ".consents (org_id, user_id, purpose, granted, policy_version, granted_at, "
                    + "created_at, updated_at, deleted_at) SELECT org_id, user_id, 'analytics', true, 'v1', created_at, created_at, "
                    + "created_at, deleted_at FROM u");
                    PreparedStatement assessment = connection.prepareStatement("WITH a AS (INSERT INTO " + schema
                            + ".assessments (org_id, title, framework, status, created_at, updated_at, deleted_at) "
                            + "VALUES (?, ?, 'SOC2', 'completed', ?, ?, ?) RETURNING assessment_id, org_id, created_at, deleted_at) "
                            + "INSERT INTO " + schema + ".assessment_results (org_id, assessment_id, finding_type, severity_level, "
                            + "title, description, created_at, updated_at, deleted_at) SELECT org_id, assessment_id, 'access', "
                            + "'medium', 'Finding of ' || ?, 'Reviewed with ' || ?, created_at, created_at, deleted_at FROM a")) {
                for (int i = 0; i < users; i++) {
                    Duration age = USER_AGES[i % USER_AGES.length];
                    boolean softDeleted = i % 4 >= 2;
                    java.sql.Timestamp at = java.sql.Timestamp.from(now.minus(softDeleted ? Duration.ofDays(400) : age));
                    java.sql.Timestamp deleted = softDeleted ? java.sql.Timestamp.from(now.minus(age)) : null;
                    String email = "user" + i + "@" + slug.value() + ".example";
                    user.setObject(1, orgId);
                    user.setString(2, email);
                    user.setString(3, email);
                    user.setString(4, "Sample Person " + i);
                    user.setTimestamp(5, at);
                    user.setTimestamp(6, at);
                    user.setTimestamp(7, at);
                    user.setTimestamp(8, deleted);
                    user.setString(9, "+1-555-01" + String.format("%02d", i % 100));
                    user.addBatch();
                    assessment.setObject(1, orgId);
                    assessment.setString(2, "Review " + i);
                    assessment.setTimestamp(3, at);
                    assessment.setTimestamp(4, at);
                    assessment.setTimestamp(5, i % 4 == 2 ? java.sql.Timestamp.from(now.minus(Duration.ofDays(60))) : null);
                    assessment.setString(6, email);
                    assessment.setString(7, email);
                    assessment.addBatch();
                }
                user.executeBatch();
                assessment.executeBatch();
            }
            if (holdOne && users > 1) {
                try (PreparedStatement hold = connection.prepareStatement("INSERT INTO " + schema + ".legal_holds (org_id, "
                        + "table_name, record_id, reason, placed_by) SELECT org_id, 'users', user_id::text, ?, 'demo' FROM "
                        + schema + ".users WHERE email_lookup = " + schema + ".pii_lookup_hash(?)")) {
                    hold.setString(1, "Sample litigation hold (demo data)");
                    hold.setString(2, "user1@" + slug.value() + ".example");
                    hold.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
