package io.tenantfleet.residency;

import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a region's server says of itself, read with one query per rule (never one per tenant), in
 * read-only transactions (the tenants' own tables a chunk per transaction). The SQL texts are the
 * evidence: each finding names the query that found it, so an auditor can run it again.
 */
record RegionFacts(String server, boolean ssl, Optional<String> tlsVersion, List<String> schemas, List<String> roles,
        Map<UUID, TenantChecks> tenants, Optional<String> ledgerHead, long ledgerEntries, List<String> ledgerProblems,
        List<MetadataProblem> metadata, Map<UUID, OffsetDateTime> lastPurges) {

    static final String SERVER = "SELECT current_database(), coalesce(host(inet_server_addr()), 'local socket'), "
            + "current_setting('port'), split_part(version(), ' ', 2), s.ssl, s.version FROM pg_stat_ssl s "
            + "WHERE s.pid = pg_backend_pid()";
    static final String SCHEMAS = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'org\\_%' ORDER BY 1";
    static final String ROLES = "SELECT rolname FROM pg_roles WHERE rolname LIKE 'org\\_%' ORDER BY 1";
    static final String TENANT_CHECKS = "SELECT * FROM fleet.residency_tenant_checks(?, ?)";
    static final String LEDGER = "SELECT (SELECT count(*) FROM fleet.residency_ledger), "
            + "(SELECT encode(last_hash, 'hex') FROM fleet.residency_ledger_head)";
    static final String LEDGER_PROBLEMS = "SELECT entry_id || ': ' || problem FROM fleet.verify_ledger() LIMIT 5";
    static final String PURGES = "SELECT tenant_id, max(occurred_at) FROM fleet.residency_ledger "
            + "WHERE event = 'RETENTION_PURGE' GROUP BY tenant_id";
    /**
     * Every payload entry of cross_region_metadata that is not an allowlisted count, date or version,
     * or that has the shape of personal data; the value itself is never returned, only its shape.
     * A well-formed count or date is passed first (no branch before its own could match it: a number
     * is no string, and a date has no @, no space and the shape the phone branch leaves out), so most
     * entries are settled by one test (MetadataScanTest pins every branch).
     */
    static final String METADATA = """
            SELECT m.source_region, coalesce(m.pseudonym, '-'), m.data_type,
                   CASE WHEN e.key ~ '^[a-z][a-z0-9_]{0,62}$' THEN e.key ELSE '(a key that is not an identifier)' END,
                   CASE WHEN a.kind = 'count' AND jsonb_typeof(e.value) = 'number'
                             AND e.value::text ~ '^(0|[1-9][0-9]{0,18})$' THEN NULL
                        WHEN a.kind = 'date' AND v.s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN NULL
                        WHEN jsonb_typeof(e.value) IN ('object', 'array') THEN 'a nested ' || jsonb_typeof(e.value)
                        WHEN v.s ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}' THEN 'an e-mail address'
                        WHEN v.s ~ '^\\+?[0-9()./ -]+$' AND length(regexp_replace(v.s, '[^0-9]', '', 'g')) >= 7
                             AND v.s !~ '^[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}$' THEN 'a phone number'
                        WHEN v.s ~ '\\s' THEN 'free text (a value with spaces)'
                        WHEN a.key IS NULL THEN 'a key not on the allowlist'
                        WHEN a.kind = 'count' AND (jsonb_typeof(e.value) <> 'number' OR e.value::text !~ '^(0|[1-9][0-9]{0,18})$')
                            THEN 'a ' || jsonb_typeof(e.value) || ' where a count belongs'
                        WHEN a.kind = 'date' AND (v.s IS NULL OR v.s !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
                            THEN 'a ' || jsonb_typeof(e.value) || ' where a date belongs'
                        WHEN a.kind = 'version' AND (v.s IS NULL OR v.s !~ '^[0-9]{1,9}(\\.[0-9]{1,9}){0,3}$')
                            THEN 'a ' || jsonb_typeof(e.value) || ' where a version belongs'
                   END AS problem
              FROM fleet.cross_region_metadata m
              CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(m.aggregated_data) = 'object' THEN m.aggregated_data
                                                 ELSE jsonb_build_object('(payload)', m.aggregated_data) END) e
              CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(e.value) = 'string' THEN e.value #>> '{}' END AS s) v
              LEFT JOIN fleet.metadata_allowed_keys a ON a.key = e.key
            """;

    /** One tenant schema's own checks. */
    record TenantChecks(boolean present, Optional<String> problem, long auditRows, Optional<String> chainProblems,
            Map<String, Integer> retention) {}

    /** A payload entry of cross_region_metadata with the shape of personal data, or off the allowlist. */
    record MetadataProblem(String source, String pseudonym, String dataType, String key, String problem) {}

    static RegionFacts read(Connection connection, List<Tenant> homed) throws SQLException {
        RegionGuard.readOnly(connection);
        String server;
        boolean ssl;
        Optional<String> tlsVersion;
        try (PreparedStatement statement = connection.prepareStatement(SERVER); ResultSet row = statement.executeQuery()) {
            row.next();
            server = row.getString(2) + ":" + row.getString(3) + "/" + row.getString(1) + " (PostgreSQL " + row.getString(4)
                    + ")";
            ssl = row.getBoolean(5);
            tlsVersion = Optional.ofNullable(row.getString(6));
        }
        List<String> schemas = strings(connection, SCHEMAS);
        List<String> roles = strings(connection, ROLES);
        Map<UUID, TenantChecks> tenants = tenantChecks(connection, homed);
        long entries;
        Optional<String> head;
        try (PreparedStatement statement = connection.prepareStatement(LEDGER); ResultSet row = statement.executeQuery()) {
            row.next();
            entries = row.getLong(1);
            head = Optional.ofNullable(row.getString(2));
        }
        List<String> ledgerProblems = strings(connection, LEDGER_PROBLEMS);
        List<MetadataProblem> metadata = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM (" + METADATA + ") p "
                + "WHERE p.problem IS NOT NULL ORDER BY 1, 2, 4"); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                metadata.add(new MetadataProblem(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5)));
            }
        }
        Map<UUID, OffsetDateTime> purges = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(PURGES); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                purges.put(rows.getObject(1, UUID.class), rows.getObject(2, OffsetDateTime.class));
            }
        }
        return new RegionFacts(server, ssl, tlsVersion, schemas, roles, tenants, head, entries, ledgerProblems, metadata,
                purges);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RegionFacts.class);

    /** Tenants checked per transaction (and per call of the region function). */
    static final int CHUNK = 250;

    /**
     * The tenants' own checks, a chunk per repeatable-read transaction: checking a tenant takes a lock
     * on each of its tables until commit, and thousands of tenants in one transaction would exhaust
     * the server's lock table. Where the login may, the tenants' tables are copied and checked here
     * ({@link TenantChecksByCopy}); the tenants it leaves are checked by the region function, and so
     * are all from a chunk whose copy fails on (logged once). Each new transaction is read-only again.
     */
    static Map<UUID, TenantChecks> tenantChecks(Connection connection, List<Tenant> homed) throws SQLException {
        return tenantChecks(connection, homed, CHUNK);
    }

    /** {@link #tenantChecks(Connection, List)} with {@code chunkSize} tenants per transaction (tests use a few). */
    static Map<UUID, TenantChecks> tenantChecks(Connection connection, List<Tenant> homed, int chunkSize)
            throws SQLException {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, not " + chunkSize);
        }
        boolean copying = TenantChecksByCopy.usable(connection);
        Map<UUID, TenantChecks> checks = new HashMap<>();
        for (int from = 0; from < homed.size(); from += chunkSize) {
            List<Tenant> chunk = homed.subList(from, Math.min(homed.size(), from + chunkSize));
            newSnapshot(connection, false);
            Map<UUID, TenantChecks> copied = Map.of();
            if (copying) {
                try {
                    copied = TenantChecksByCopy.read(connection, chunk, TenantChecksByCopy.MAX_AUDIT_ROWS);
                } catch (SQLException e) {
                    // a table one tenant made uncopyable, or a privilege the login lacks: the function
                    // checks this chunk and the rest, so the failure is not met again chunk after chunk
                    LOG.warn("residency: copying the tenants' tables failed ({}); the region function checks the "
                            + "remaining {} tenants of this region", OneLine.of(e.getMessage()), homed.size() - from);
                    copying = false;
                    newSnapshot(connection, true);
                }
            }
            checks.putAll(copied);
            List<Tenant> rest = chunk.stream().filter(t -> !checks.containsKey(t.id())).toList();
            if (!rest.isEmpty()) {
                checks.putAll(functionChecks(connection, rest));
            }
        }
        newSnapshot(connection, false);
        return checks;
    }

    /** Ends the transaction (rolled back when it failed) and begins a read-only, repeatable-read one. */
    private static void newSnapshot(Connection connection, boolean failed) throws SQLException {
        if (failed) {
            connection.rollback();
        } else {
            connection.commit();
        }
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    /** The region function's checks of {@code homed}, by tenant id. */
    static Map<UUID, TenantChecks> functionChecks(Connection connection, List<Tenant> homed) throws SQLException {
        Map<UUID, TenantChecks> checks = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(TENANT_CHECKS)) {
            statement.setArray(1, connection.createArrayOf("uuid", homed.stream().map(Tenant::id).toArray()));
            statement.setArray(2, connection.createArrayOf("text", homed.stream().map(Tenant::slug).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Integer> retention = new HashMap<>();
                    String json = rows.getString("retention");
                    if (json != null) {
                        ResidencyJson.MAPPER.readTree(json).properties()
                                .forEach(e -> retention.put(e.getKey(), e.getValue().asInt()));
                    }
                    checks.put(rows.getObject("tenant_id", UUID.class), new TenantChecks(rows.getBoolean("present"),
                            Optional.ofNullable(rows.getString("problem")), rows.getLong("audit_rows"), Optional.ofNullable(rows.getString("chain_problems")), retention));
                }
            }
        }
        return checks;
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
