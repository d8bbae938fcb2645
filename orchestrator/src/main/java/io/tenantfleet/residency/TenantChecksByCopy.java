package io.tenantfleet.residency;

import io.tenantfleet.residency.RegionFacts.TenantChecks;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantSlug;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tenants' own checks of {@code fleet.residency_tenant_checks()} (sql/region/R__residency_checks.sql),
 * read by copying each tenant's audit log, chain head, pruning anchor and retention policy out of its
 * schema ({@code COPY ... TO STDOUT (FORMAT binary)}) and verifying the chain here, with the same
 * formula, checks, order and wording.
 * <p>
 * Why a second reader beside the region function: a new server session pays for each relation a
 * query opens and plans (its cache entries, its indexes), and a report on new sessions spent most
 * of its time there. A COPY of a table is not planned and opens none of its indexes. The function
 * stays the reference and the evidence an auditor re-runs: ResidencyChainTest checks that this
 * reader answers as it does for a clean chain and each kind of tampering, and every tenant this
 * reader cannot vouch for is left to the function: a table that is not as the template made it
 * ({@link #TABLES}), or contents it cannot be sure to read as the function does ({@link AuditChain},
 * more policies than {@link #MAX_POLICIES}); README "Residency audit" lists the cases.
 * <p>
 * Used only where the region login bypasses row-level security (a COPY would otherwise run as a
 * planned query under the policies) and the server encodes text in UTF8 (the digest is taken over
 * the text's bytes as the server holds them). The caller gives the tenants of a chunk in one
 * repeatable-read transaction, so each tenant's tables are read at one snapshot.
 */
final class TenantChecksByCopy {

    /** Audit rows of one tenant held in memory at most; a tenant with more is left to the region function. */
    static final int MAX_AUDIT_ROWS = 200_000;

    /** Retention policies of one tenant read at most (the template has one per category); more are left to the function. */
    static final int MAX_POLICIES = 100;

    static final String USABLE = "SELECT (SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user), "
            + "current_setting('server_encoding') = 'UTF8'";

    /**
     * The kind and the columns (name and type) of each table read, in the chunk's schemas, and whether
     * it has no pages. A table with inheritance children is not vouched for: COPY reads the parent's
     * own rows only, where the function's queries read the children's too. Nor is a generated column
     * among those read: COPY refuses it, and the failure would send the whole chunk to the function;
     * nor a table in a schema this login has no USAGE on (the function says that tenant's problem, the
     * chunk goes on).
     * <p>
     * A table without pages holds no row this transaction could see (a row committed before its
     * snapshot is on a page, and VACUUM truncates only pages no snapshot of it needs; after a TRUNCATE
     * the COPY too would read the new, empty file), so it is not copied: a statement saved, for most
     * tenants their chain's anchor, which stays empty until the chain is first pruned. Asked of plain,
     * permanent heap tables only; sizing every table measured faster than sizing the anchors alone
     * (likely as the COPY then finds the table's cache entry built). {@code pg_relation_size()} checks no
     * privilege, so a table this login may not SELECT is copied, and the copy fails as the function's
     * read would; one dropped meanwhile gives NULL (copied, and the copy fails).
     */
    static final String TABLES = """
            SELECT n.nspname, c.relname, c.relkind = 'r' AND NOT c.relhassubclass AND has_schema_privilege(n.oid, 'USAGE'),
                   array_remove(array_agg(a.attname || ' ' || format_type(a.atttypid, NULL)
                                          || CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END), NULL),
                   CASE WHEN c.relkind = 'r' AND c.relpersistence = 'p' AND am.amname = 'heap'
                             AND has_table_privilege(c.oid, 'SELECT') THEN pg_relation_size(c.oid) = 0 ELSE false END
              FROM pg_namespace n
              JOIN pg_class c ON c.relnamespace = n.oid
                   AND c.relname IN ('audit_log', 'audit_chain_head', 'audit_chain_anchor', 'retention_policy')
              LEFT JOIN pg_am am ON am.oid = c.relam
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = ANY (?::name[])
             GROUP BY n.oid, n.nspname, c.oid, c.relname, c.relkind, c.relhassubclass, c.relpersistence, am.amname
            """;

    /** What the catalog says of one of a tenant's tables: whether this reader vouches for it; whether it has no pages. */
    private record Table(boolean fits, boolean pageless) {}

    /** The columns read from each table: name and type as format_type() writes it, in the order copied. */
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "audit_log", List.of("audit_id bigint", "org_id uuid", "occurred_at timestamp with time zone",
                    "actor text", "action text", "table_name text", "record_id text", "old_values jsonb",
                    "new_values jsonb", "prev_hash bytea", "row_hash bytea"),
            "audit_chain_head", List.of("singleton boolean", "last_audit_id bigint", "last_hash bytea"),
            "audit_chain_anchor", List.of("last_pruned_id bigint", "last_pruned_hash bytea"),
            "retention_policy", List.of("category text", "retention_days integer", "deleted_at timestamp with time zone"));

    /** Each table's column list for COPY, built once. */
    private static final Map<String, String> COLUMN_LISTS = COLUMNS.entrySet().stream().collect(Collectors.toMap(
            Map.Entry::getKey, e -> e.getValue().stream().map(c -> c.substring(0, c.indexOf(' ')))
                    .collect(Collectors.joining(", "))));

    private TenantChecksByCopy() {}

    /** Whether this reader may be used on {@code connection}: its login bypasses row-level security, the server is UTF8. */
    static boolean usable(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(USABLE); ResultSet row = statement.executeQuery()) {
            return row.next() && row.getBoolean(1) && row.getBoolean(2);
        }
    }

    /**
     * The checks of those of {@code tenants} this reader can vouch for, by tenant id; the others are
     * absent from the answer, for the region function. Tenants are copied in the order given. An SQL
     * error (a table this login may not read) is thrown: the transaction is then aborted, and the
     * caller rolls back and asks the function.
     */
    static Map<UUID, TenantChecks> read(Connection connection, List<Tenant> tenants, int maxAuditRows)
            throws SQLException {
        Map<String, Tenant> bySchema = new LinkedHashMap<>();
        for (Tenant tenant : tenants) {
            if (TenantSlug.PATTERN.matcher(tenant.slug()).matches()) {
                bySchema.put(new TenantSlug(tenant.slug()).schema(), tenant);
            }
        }
        Map<String, Map<String, Table>> fitting = tables(connection, bySchema.keySet());
        Map<UUID, TenantChecks> checks = new HashMap<>();
        Table absent = new Table(false, false);
        Table optional = new Table(true, false);
        for (Map.Entry<String, Tenant> entry : bySchema.entrySet()) {
            Map<String, Table> tables = fitting.getOrDefault(entry.getKey(), Map.of());
            if (!tables.containsKey("audit_log")) {
                checks.put(entry.getValue().id(), new TenantChecks(false, Optional.empty(), 0, Optional.empty(), Map.of()));
            } else if (tables.get("audit_log").fits() && tables.getOrDefault("audit_chain_head", absent).fits()
                    && tables.getOrDefault("audit_chain_anchor", optional).fits()
                    && tables.getOrDefault("retention_policy", optional).fits()) {
                tenant(connection, entry.getKey(), entry.getValue().id(), tables, maxAuditRows)
                        .ifPresent(c -> checks.put(entry.getValue().id(), c));
            }
        }
        return checks;
    }

    /**
     * Per schema, each table's name, whether it is a plain table without inheritance children with the
     * columns this reader reads, and whether it has no pages.
     */
    private static Map<String, Map<String, Table>> tables(Connection connection, Set<String> schemas)
            throws SQLException {
        Map<String, Map<String, Table>> tables = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
            statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Set<String> columns = new HashSet<>(Arrays.asList((String[]) rows.getArray(4).getArray()));
                    tables.computeIfAbsent(rows.getString(1), s -> new HashMap<>()).put(rows.getString(2), new Table(
                            rows.getBoolean(3) && columns.containsAll(COLUMNS.get(rows.getString(2))), rows.getBoolean(5)));
                }
            }
        }
        return tables;
    }

    private static Optional<TenantChecks> tenant(Connection connection, String schema, UUID org,
            Map<String, Table> tables, int maxAuditRows) throws SQLException {
        String quoted = TenantSlug.quote(schema);
        AuditChain chain = new AuditChain(org, maxAuditRows);
        copy(connection, quoted, tables, "audit_log", chain::row);
        List<byte[][]> heads = new ArrayList<>();
        copy(connection, quoted, tables, "audit_chain_head", firstRows(heads, 2));
        List<byte[][]> anchors = new ArrayList<>();
        copy(connection, quoted, tables, "audit_chain_anchor", firstRows(anchors, 2));
        Map<String, Integer> retention = new HashMap<>();
        boolean retentionRead = true;
        if (tables.containsKey("retention_policy")) {
            List<byte[][]> policies = new ArrayList<>();
            copy(connection, quoted, tables, "retention_policy", firstRows(policies, MAX_POLICIES + 1));
            retentionRead = policies.size() <= MAX_POLICIES;
            for (byte[][] policy : policies) {
                if (policy[2] == null) {
                    retentionRead &= policy[0] != null && policy[1] != null && retention.put(
                            new String(policy[0], StandardCharsets.UTF_8), ByteBuffer.wrap(policy[1]).getInt()) == null;
                }
            }
        }
        Optional<String> problems = chain.problems(heads, anchors);
        if (!retentionRead || !chain.vouched()) {
            return Optional.empty();
        }
        return Optional.of(new TenantChecks(true, Optional.empty(), chain.rows(), problems, retention));
    }

    /**
     * Keeps the first {@code limit} rows a copy hands over and drops the rest: a table the template
     * keeps to one row, or a few, holds no more than that unless it was altered by hand, and a tenant
     * whose table holds more is left to the function (two chain heads; more policies than
     * {@link #MAX_POLICIES}), without holding them all.
     */
    private static BinaryCopy.RowHandler firstRows(List<byte[][]> rows, int limit) {
        return row -> {
            if (rows.size() < limit) {
                rows.add(row);
            }
        };
    }

    /**
     * Hands the rows of one of the tenant's tables over, copied with {@code COPY schema.table (its
     * columns read here) TO STDOUT (FORMAT binary)}: none for a table that is not there or has no pages.
     */
    private static void copy(Connection connection, String quotedSchema, Map<String, Table> tables, String table,
            BinaryCopy.RowHandler handler) throws SQLException {
        if (tables.containsKey(table) && !tables.get(table).pageless()) {
            BinaryCopy.rows(connection, "COPY " + quotedSchema + "." + table + " (" + COLUMN_LISTS.get(table)
                    + ") TO STDOUT (FORMAT binary)", handler);
        }
    }
}
