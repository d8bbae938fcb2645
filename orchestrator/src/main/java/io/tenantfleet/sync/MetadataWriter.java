package io.tenantfleet.sync;

import io.tenantfleet.residency.ResidencyLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a source region's payloads in a destination region's {@code fleet.cross_region_metadata},
 * in one transaction with the destination's ledger entry: upserts keyed by source region, kind,
 * pseudonym and payload version (a payload whose digest did not change is not written again; the
 * region summary's {@code last_sync} moves on every transfer, so the fleet view can tell how fresh
 * each source is), and removes the source's rows it no longer sends (tenants gone, a rotated key).
 * The table's guard refuses any payload that is not counts, dates and versions of allowed keys; the
 * whole transfer then fails and nothing of it is stored.
 */
final class MetadataWriter {

    static final int PAYLOAD_VERSION = 1;
    static final String TENANT = "tenant_summary";
    static final String REGION = "region_summary";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a transfer did at its destination; {@code digest} covers every row the destination holds from the source. */
    record Stored(int written, int removed, String digest) {}

    private MetadataWriter() {
    }

    static Stored store(Connection connection, String source, String destination, Payloads payloads, long runId,
            String keyFingerprint) throws SQLException {
        List<String> types = new ArrayList<>();
        List<String> pseudonyms = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        types.add(REGION);
        pseudonyms.add("");
        documents.add(json(payloads.regionSummary()));
        for (Payloads.TenantPayload tenant : payloads.tenants()) {
            types.add(TENANT);
            pseudonyms.add(tenant.pseudonym());
            documents.add(json(tenant.payload()));
        }
        int written;
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO fleet.cross_region_metadata AS m
                       (source_region, destination_region, pseudonym, data_type, payload_version, aggregated_data)
                SELECT ?, ?, nullif(i.pseudonym, ''), i.data_type, ?, i.payload::jsonb
                  FROM unnest(?::text[], ?::text[], ?::text[]) AS i(data_type, pseudonym, payload)
                ON CONFLICT (source_region, data_type, (coalesce(pseudonym, '')), payload_version) DO UPDATE
                   SET aggregated_data = EXCLUDED.aggregated_data, destination_region = EXCLUDED.destination_region,
                       last_sync = now()
                 WHERE m.payload_digest IS DISTINCT FROM EXCLUDED.payload_digest OR m.data_type = 'region_summary'
                """)) {
            upsert.setString(1, source);
            upsert.setString(2, destination);
            upsert.setInt(3, PAYLOAD_VERSION);
            upsert.setArray(4, connection.createArrayOf("text", types.toArray()));
            upsert.setArray(5, connection.createArrayOf("text", pseudonyms.toArray()));
            upsert.setArray(6, connection.createArrayOf("text", documents.toArray()));
            written = upsert.executeUpdate() - 1; // the region summary is touched on every transfer
        }
        int removed;
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM fleet.cross_region_metadata m
                 WHERE m.source_region = ?
                   AND (m.payload_version <> ?
                        OR NOT EXISTS (SELECT 1 FROM unnest(?::text[]) AS sent(pseudonym)
                                        WHERE sent.pseudonym = coalesce(m.pseudonym, '')))
                """)) {
            delete.setString(1, source);
            delete.setInt(2, PAYLOAD_VERSION);
            delete.setArray(3, connection.createArrayOf("text", pseudonyms.toArray()));
            removed = delete.executeUpdate();
        }
        String digest = digest(connection, source);
        ResidencyLedger.append(connection, destination, "METADATA_RECEIVED", null, null, null, Map.of(
                "run", Long.toString(runId), "source_region", source, "tenants", Integer.toString(payloads.tenants().size()),
                "rows_written", Integer.toString(written), "rows_removed", Integer.toString(removed), "digest", digest,
                "key_fingerprint", keyFingerprint, "payload_version", Integer.toString(PAYLOAD_VERSION)));
        return new Stored(written, removed, digest);
    }

    /** Deletes every row the destination holds from the source, recording it in its ledger when there were any. */
    static int revoke(Connection connection, String source, String destination, long runId, String rule)
            throws SQLException {
        int removed;
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM fleet.cross_region_metadata WHERE source_region = ?")) {
            delete.setString(1, source);
            removed = delete.executeUpdate();
        }
        if (removed > 0) {
            ResidencyLedger.append(connection, destination, "METADATA_REVOKED", null, null, null, Map.of("run",
                    Long.toString(runId), "source_region", source, "rows_removed", Integer.toString(removed), "rule", rule));
        }
        return removed;
    }

    /**
     * SHA-256 (hex) of what the destination holds from the source: one line per row, kind,
     * pseudonym and payload digest, in order. Anyone reading the table can compute it again.
     */
    static String digest(Connection connection, String source) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT encode(sha256(convert_to(coalesce(string_agg(data_type || ':' || coalesce(pseudonym, '') || ':'
                       || encode(payload_digest, 'hex'), E'\\n' ORDER BY data_type, pseudonym NULLS FIRST), ''), 'UTF8')), 'hex')
                  FROM fleet.cross_region_metadata WHERE source_region = ?
                """)) {
            statement.setString(1, source);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    static String json(Map<String, Object> payload) {
        return JSON.writeValueAsString(payload);
    }
}
