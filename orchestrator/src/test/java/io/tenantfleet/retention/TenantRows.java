package io.tenantfleet.retention;

import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Rows of one tenant written as an application writes them: acting for the organization with its
 * data key set, PII as ciphertext with a lookup hash. Close it.
 */
final class TenantRows implements AutoCloseable {

    private final SingleConnectionDataSource session;
    private final JdbcClient sql;
    private final String schema;
    private final Tenant tenant;

    TenantRows(RegionConnections connections, TenantKeyStore keys, String region, Tenant tenant) throws SQLException {
        String dataKey;
        try (Connection admin = connections.dataSource(region).getConnection()) {
            dataKey = keys.unwrap(admin, tenant.id());
        }
        this.session = new RegionSql(connections).actingFor(region, tenant.id());
        this.sql = JdbcClient.create(session);
        sql.sql("SELECT set_config('app.data_key', ?, false)").param(dataKey).query(String.class).single();
        this.schema = "org_" + tenant.slug();
        this.tenant = tenant;
    }

    JdbcClient sql() {
        return sql;
    }

    /** A user with a profile, {@code consents} consents and an API key; returns the user id. */
    UUID person(String email, int consents) {
        UUID user = sql.sql("INSERT INTO " + schema + ".users (org_id, email_cipher, email_lookup, full_name_cipher) VALUES "
                + "(?, " + schema + ".pii_encrypt(?), " + schema + ".pii_lookup_hash(?), " + schema + ".pii_encrypt(?)) "
                + "RETURNING user_id").param(tenant.id()).param(email).param(email).param("Name of " + email)
                .query(UUID.class).single();
        sql.sql("INSERT INTO " + schema + ".profiles (org_id, user_id, phone_cipher, address_cipher) VALUES (?, ?, "
                + schema + ".pii_encrypt(?), " + schema + ".pii_encrypt(?))").param(tenant.id()).param(user)
                .param("+1 555 " + email.hashCode()).param("1 Street of " + email).update();
        for (int i = 0; i < consents; i++) {
            sql.sql("INSERT INTO " + schema + ".consents (org_id, user_id, purpose, granted, policy_version) "
                    + "VALUES (?, ?, ?, true, 'v1')").param(tenant.id()).param(user).param("purpose " + i).update();
        }
        sql.sql("INSERT INTO " + schema + ".api_keys (org_id, user_id, key_prefix, key_cipher) VALUES (?, ?, ?, "
                + schema + ".pii_encrypt(?))").param(tenant.id()).param(user).param("k" + UUID.randomUUID())
                .param("secret key of " + email).update();
        sql.sql("INSERT INTO " + schema + ".assessments (org_id, title, framework, created_by) VALUES (?, ?, 'GDPR', ?)")
                .param(tenant.id()).param("assessment " + UUID.randomUUID()).param(user).update();
        return user;
    }

    /** Every ciphertext and lookup hash of the user's rows, as hex, and the plain values written for them. */
    List<String> traces(UUID user, String email) {
        List<String> traces = new java.util.ArrayList<>(sql.sql("SELECT encode(v, 'hex') FROM ("
                + "SELECT email_cipher v FROM " + schema + ".users WHERE user_id = ? UNION ALL "
                + "SELECT email_lookup FROM " + schema + ".users WHERE user_id = ? UNION ALL "
                + "SELECT full_name_cipher FROM " + schema + ".users WHERE user_id = ? UNION ALL "
                + "SELECT phone_cipher FROM " + schema + ".profiles WHERE user_id = ? UNION ALL "
                + "SELECT address_cipher FROM " + schema + ".profiles WHERE user_id = ? UNION ALL "
                + "SELECT key_cipher FROM " + schema + ".api_keys WHERE user_id = ?) t").param(user).param(user).param(user)
                .param(user).param(user).param(user).query(String.class).list());
        traces.addAll(List.of(email, "Name of " + email, "1 Street of " + email, "secret key of " + email));
        return traces;
    }

    /**
     * The places (table.column) in the tenant's schema whose text, bytea or jsonb value (or array of
     * them) contains any of {@code traces}: bytea compares as its hex text, so ciphertext copied anywhere is found.
     */
    List<String> placesHolding(List<String> traces) {
        List<String> columns = sql.sql("SELECT c.table_name || '.' || c.column_name FROM information_schema.columns c "
                + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                + "WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' AND (c.data_type IN ('text', 'bytea', 'jsonb', "
                + "'json', 'character varying') OR c.udt_name IN ('_text', '_bytea', '_jsonb')) ORDER BY 1")
                .param(schema).query(String.class).list();
        List<String> found = new java.util.ArrayList<>();
        for (String column : columns) {
            String[] parts = column.split("\\.");
            for (String trace : traces) {
                String needle = trace.matches("[0-9a-f]+") ? trace : trace.toLowerCase(java.util.Locale.ROOT);
                long hits = sql.sql("SELECT count(*) FROM " + schema + ".\"" + parts[0] + "\" WHERE position(? IN "
                        + "lower(\"" + parts[1] + "\"::text)) > 0").param(needle)
                        .query(Long.class).single();
                if (hits > 0) {
                    found.add(column + " holds " + (trace.length() > 12 ? trace.substring(0, 12) + "..." : trace));
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        session.close();
    }
}
