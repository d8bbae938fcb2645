package io.tenantfleet.retention;

import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's cut-offs for a run that started at {@code asOf}: per category, {@code asOf} minus the
 * retention days of the tenant's policy (its {@code retention_policy} rows, written at provisioning
 * from the strictest of its region's and frameworks' rules, and shortened by {@code retention set});
 * audit records past theirs may be pruned; soft-deleted rows go after the grace period.
 */
final class RetentionCutoffs {

    private RetentionCutoffs() {
    }

    static Cutoffs read(Connection connection, TenantSlug slug, UUID orgId, Instant asOf, int graceDays)
            throws SQLException {
        Map<String, Instant> categories = new LinkedHashMap<>();
        Optional<Instant> audit = Optional.empty();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            TenantSession.actAsOwner(connection, slug, orgId);
            try (PreparedStatement select = connection.prepareStatement("SELECT category, retention_days FROM "
                    + TenantSlug.quote(slug.schema()) + ".retention_policy WHERE deleted_at IS NULL");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant cutoff = asOf.minus(Duration.ofDays(rows.getInt(2)));
                    if (rows.getString(1).equals("audit_records")) {
                        audit = Optional.of(cutoff);
                    } else {
                        categories.put(rows.getString(1), cutoff);
                    }
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return new Cutoffs(asOf.minus(Duration.ofDays(graceDays)), categories, audit);
    }
}
