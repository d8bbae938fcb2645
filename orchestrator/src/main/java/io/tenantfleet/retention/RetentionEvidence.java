package io.tenantfleet.retention;

import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The evidence a purge leaves, in one region transaction: an entry in the region's residency
 * ledger and a summary row in the tenant's audit chain, both with the run id, the cut-offs and the
 * counts and the longest purge transaction, never a row value. Also the JSON forms of cut-offs and per-table counts the control
 * plane keeps (names, dates and numbers only, so they are written without a JSON library).
 */
final class RetentionEvidence {

    static final String EVENT = "RETENTION_PURGE";
    private static final Pattern ENTRY = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"([0-9T:.Z-]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"([0-9]+)\"");

    private RetentionEvidence() {
    }

    static void record(Connection connection, String region, TenantSlug slug, UUID orgId, long runId, Cutoffs cutoffs,
            TenantPurger.Result result) throws SQLException {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("run_id", String.valueOf(runId));
        detail.put("removed", String.valueOf(result.removed()));
        detail.put("anonymized", String.valueOf(result.anonymized()));
        detail.put("pruned_audit_rows", String.valueOf(result.pruned()));
        detail.put("held", String.valueOf(result.held()));
        detail.put("left", String.valueOf(result.left()));
        detail.put("max_lock_ms", String.valueOf(result.maxLockMs()));
        detail.put("grace_cutoff", cutoffs.grace().toString());
        cutoffs.categories().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(c -> detail.put(c.getKey() + "_cutoff", c.getValue().toString()));
        cutoffs.audit().ifPresent(a -> detail.put("audit_records_cutoff", a.toString()));
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            ResidencyLedger.append(connection, region, EVENT, orgId, slug.value(), slug.schema(), detail);
            TenantSession.actAsOwner(connection, slug, orgId);
            try (PreparedStatement audit = connection.prepareStatement("SELECT " + TenantSlug.quote(slug.schema())
                    + ".audit_event(?, 'retention_map', ?::jsonb)")) {
                audit.setString(1, EVENT);
                audit.setString(2, json(detail, tablesJson(result)));
                audit.execute();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The counts in the region ledger's evidence of this run for the tenant, when an earlier attempt
     * wrote it (its purge was complete then: evidence is written after the last batch) and was
     * stopped before the control plane recorded the tenant done. A tenant has one evidence per run,
     * unless an attempt left rows locked by live traffic (a resume then adds one): the latest counts.
     */
    static Optional<Map<String, Long>> recorded(Connection connection, UUID orgId, long runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT detail::text FROM fleet.residency_ledger "
                + "WHERE tenant_id = ? AND event = ? AND detail ->> 'run_id' = ? ORDER BY entry_id DESC LIMIT 1")) {
            select.setObject(1, orgId);
            select.setString(2, EVENT);
            select.setString(3, String.valueOf(runId));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Map<String, Long> counts = new LinkedHashMap<>();
                Matcher count = COUNT.matcher(row.getString(1));
                while (count.find()) {
                    counts.put(count.group(1), Long.parseLong(count.group(2)));
                }
                return Optional.of(counts);
            }
        }
    }

    /** Per table: category and counts. */
    static String tablesJson(TenantPurger.Result result) {
        return result.tables().stream().filter(t -> !t.isEmpty()).map(t -> String.format(
                "{\"table\": \"%s\", \"category\": \"%s\", \"removed\": %d, \"anonymized\": %d, \"held\": %d, \"left\": %d}",
                t.table(), t.category(), t.removed(), t.anonymized(), t.held(), t.left()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String cutoffsJson(Cutoffs cutoffs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("grace", cutoffs.grace().toString());
        cutoffs.audit().ifPresent(a -> values.put("audit_records", a.toString()));
        cutoffs.categories().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(c -> values.put(c.getKey(), c.getValue().toString()));
        return json(values);
    }

    static Cutoffs parseCutoffs(String json) {
        Map<String, Instant> values = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(json);
        while (entry.find()) {
            values.put(entry.group(1), Instant.parse(entry.group(2)));
        }
        Instant grace = values.remove("grace");
        Optional<Instant> audit = Optional.ofNullable(values.remove("audit_records"));
        return new Cutoffs(grace, values, audit);
    }

    /** A flat JSON object of names to strings that need no escaping (identifiers, numbers, timestamps). */
    private static String json(Map<String, String> values) {
        return json(values, null);
    }

    /** As {@link #json(Map)}, with a {@code tables} array when {@code tables} is not null. */
    private static String json(Map<String, String> values, String tables) {
        return values.entrySet().stream().map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", tables == null ? "}" : ", \"tables\": " + tables + "}"));
    }
}
