package io.tenantfleet.residency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Appends to a region's residency ledger ({@code fleet.residency_ledger}): append-only and
 * hash-chained by the region's own triggers (sql/region). Called inside the transaction of the
 * work it records, so the record and the work commit or roll back together.
 */
public final class ResidencyLedger {

    private ResidencyLedger() {
    }

    /** One ledger entry; {@code detail} holds non-personal facts (versions, counts, rules). */
    public static void append(Connection connection, String region, String event, UUID tenantId, String slug,
            String schema, Map<String, String> detail) throws SQLException {
        String[] pairs = detail.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO fleet.residency_ledger "
                + "(region, event, tenant_id, tenant_slug, schema_name, detail) VALUES (?, ?, ?, ?, ?, jsonb_object(?))")) {
            statement.setString(1, region);
            statement.setString(2, event);
            statement.setObject(3, tenantId);
            statement.setString(4, slug);
            statement.setString(5, schema);
            statement.setArray(6, connection.createArrayOf("text", pairs));
            statement.executeUpdate();
        }
    }
}
