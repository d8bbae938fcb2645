package io.tenantfleet.retention;

import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Erases a data subject from a tenant: finds their {@code users} rows through the keyed lookup
 * hash (the data key unwrapped here and set for the transaction only), then, in one transaction,
 * deletes their rows of every mapped table with a subject column, children first, except rows a
 * legal hold covers and parents of held rows; those are counted as held back. The evidence is a
 * summary audit row ({@code audit_event('ERASURE', ...)}: request id and counts) and a
 * {@code SUBJECT_ERASED} ledger entry with the same counts, written whenever the subject was found.
 * A dry run reads the same counts in a read-only transaction and changes nothing.
 */
@Service
public class Erasure {

    /** The table and columns that identify a data subject; subject columns of other tables hold its key. */
    private static final String SUBJECTS = "users";

    private final TenantRegistry registry;
    private final RegionGuard guard;
    private final TenantKeyStore keys;

    Erasure(TenantRegistry registry, RegionGuard guard, TenantKeyStore keys) {
        this.registry = registry;
        this.guard = guard;
        this.keys = keys;
    }

    public ErasureReport erase(TenantSlug slug, DataSubject subject, boolean dryRun) {
        Tenant tenant = TenantTarget.active(registry, slug);
        UUID requestId = UUID.randomUUID();
        RegionGuard.Work<ErasureReport> work = connection -> erase(connection, tenant, subject, dryRun, requestId);
        return dryRun ? guard.read(tenant.homeRegion(), work) : guard.inTransaction(tenant.homeRegion(), work);
    }

    private ErasureReport erase(Connection connection, Tenant tenant, DataSubject subject, boolean dryRun, UUID requestId)
            throws SQLException {
        TenantSlug slug = new TenantSlug(tenant.slug());
        String schema = TenantSlug.quote(slug.schema());
        RetentionMap map = TenantTarget.map(connection, tenant);
        String dataKey = keys.unwrap(connection, tenant.id());
        TenantSession.actAsOwner(connection, slug, tenant.id());
        if (!dryRun) {
            // a hold being placed waits for the erasure, and the erasure sees every hold placed before it
            try (java.sql.Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + schema + ".legal_holds IN SHARE MODE");
            }
        }
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('app.data_key', ?, true)")) {
            set.setString(1, dataKey);
            set.execute();
        }
        Sql subjectKeys = new Sql().append("SELECT s.user_id FROM " + schema + "." + TenantSlug.quote(SUBJECTS)
                + " s WHERE s.email_lookup = " + schema + ".pii_lookup_hash(").param(subject.email()).append(")");
        // locks the subject's rows: no new child row can reference them until the transaction ends
        int subjects = (int) count(connection, new Sql().append("SELECT count(*) FROM (").append(subjectKeys)
                .append(dryRun ? ") k" : " FOR UPDATE) k"));
        List<ErasureReport.TableOutcome> outcomes = new ArrayList<>();
        if (subjects > 0) {
            for (MappedTable table : map.tables()) {
                if (table.subjectColumn().isEmpty()) {
                    continue;
                }
                Sql rows = new Sql().append(PurgeSql.column("x", table.subjectColumn().get()) + " IN (").append(subjectKeys)
                        .append(")");
                Sql blocked = blocked(schema, map, table, "x");
                String from = " FROM " + schema + "." + TenantSlug.quote(table.table()) + " x WHERE ";
                long held = count(connection, new Sql().append("SELECT count(*)" + from).append(rows).append(" AND ")
                        .append(blocked));
                Sql going = new Sql().append(from).append(rows).append(" AND NOT ").append(blocked);
                long erased = dryRun ? count(connection, new Sql().append("SELECT count(*)").append(going))
                        : update(connection, new Sql().append("DELETE").append(going));
                outcomes.add(new ErasureReport.TableOutcome(table.table(), erased, held));
            }
        }
        ErasureReport report = new ErasureReport(requestId, slug.value(), tenant.homeRegion(), dryRun, subjects, outcomes);
        if (!dryRun && subjects > 0) {
            record(connection, tenant, report);
        }
        return report;
    }

    /** Rows of {@code table} a hold covers, or with a descendant row a hold covers (kept for the foreign key). */
    private static Sql blocked(String schema, RetentionMap map, MappedTable table, String alias) {
        Sql sql = new Sql().append("(").append(PurgeSql.held(schema, table, alias));
        for (MappedTable child : map.children(table)) {
            String c = alias + "c";
            sql.append(" OR EXISTS (SELECT 1 FROM " + schema + "." + TenantSlug.quote(child.table()) + " " + c + " WHERE "
                    + PurgeSql.column(c, child.parentColumn().orElseThrow()) + " = " + PurgeSql.column(alias, table.key())
                    + " AND ").append(blocked(schema, map, child, c)).append(")");
        }
        return sql.append(")");
    }

    private static void record(Connection connection, Tenant tenant, ErasureReport report) throws SQLException {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("request_id", report.requestId().toString());
        detail.put("subjects", String.valueOf(report.subjects()));
        detail.put("erased", String.valueOf(report.erased()));
        detail.put("held", String.valueOf(report.held()));
        for (ErasureReport.TableOutcome outcome : report.tables()) {
            detail.put("erased." + outcome.table(), String.valueOf(outcome.erased()));
            detail.put("held." + outcome.table(), String.valueOf(outcome.held()));
        }
        String[] pairs = detail.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        TenantSlug slug = new TenantSlug(tenant.slug());
        try (PreparedStatement event = connection.prepareStatement("SELECT " + TenantSlug.quote(slug.schema())
                + ".audit_event('ERASURE', ?, jsonb_object(?))")) {
            event.setString(1, SUBJECTS);
            event.setArray(2, connection.createArrayOf("text", pairs));
            event.execute();
        }
        TenantSession.resetRole(connection);
        ResidencyLedger.append(connection, tenant.homeRegion(), "SUBJECT_ERASED", tenant.id(), slug.value(), slug.schema(),
                detail);
    }

    private static long count(Connection connection, Sql sql) throws SQLException {
        try (PreparedStatement select = sql.prepare(connection); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long update(Connection connection, Sql sql) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection)) {
            return statement.executeLargeUpdate();
        }
    }
}
