package io.tenantfleet.provisioning;

import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Fills a freshly migrated tenant schema in one region transaction: its organization row, its
 * retention policy, its wrapped data key, and the ledger entry that records the provisioning. The
 * rows are written as the owner role acting for the organization ({@code app.current_org_id},
 * for this transaction only), as row-level security is forced on the owner too.
 */
@Component
class TenantConfigurer {

    private final TenantKeyStore keys;

    TenantConfigurer(TenantKeyStore keys) {
        this.keys = keys;
    }

    void configure(Connection connection, Tenant tenant, ProvisionRequest request, TenantRetention retention,
            String schemaVersion) throws SQLException {
        TenantSlug slug = request.slug();
        String schema = TenantSlug.quote(slug.schema());
        TenantSchemaBuilder.inTransaction(connection, statement -> {
            String masterKeyId = keys.create(connection, tenant.id(), slug.value());
            ResidencyLedger.append(connection, request.region().id(), "TENANT_PROVISIONED", tenant.id(), slug.value(),
                    slug.schema(), detail(request, retention, schemaVersion, masterKeyId));
            statement.execute("SET LOCAL ROLE " + TenantSlug.quote(slug.ownerRole()));
            // the tables force row-level security: the owner writes only as the organization
            try (PreparedStatement context = connection.prepareStatement("SELECT set_config('app.current_org_id', ?, true)")) {
                context.setString(1, tenant.id().toString());
                context.execute();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".organization "
                    + "(org_id, display_name, home_region, jurisdictions, frameworks) VALUES (?, ?, ?, ?, ?)")) {
                insert.setObject(1, tenant.id());
                insert.setString(2, request.displayName());
                insert.setString(3, request.region().id());
                insert.setArray(4, connection.createArrayOf("text", request.region().jurisdictions().toArray()));
                insert.setArray(5, connection.createArrayOf("text", request.frameworks().toArray()));
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".retention_policy "
                    + "(category, org_id, retention_days, minimum_days, maximum_days, jurisdictions) VALUES (?, ?, ?, ?, ?, ?)")) {
                addPolicy(connection, insert, tenant, request, "personal_data", retention.personalDataDays(), 0,
                        retention.personalDataMaxDays().isPresent() ? retention.personalDataMaxDays().getAsInt() : null);
                addPolicy(connection, insert, tenant, request, "audit_records", retention.auditDays(),
                        retention.auditMinDays(), null);
                insert.executeBatch();
            }
            statement.execute("RESET ROLE");
        });
    }

    private static void addPolicy(Connection connection, PreparedStatement insert, Tenant tenant, ProvisionRequest request,
            String category, int days, int minimum, Integer maximum) throws SQLException {
        insert.setString(1, category);
        insert.setObject(2, tenant.id());
        insert.setInt(3, days);
        insert.setInt(4, minimum);
        insert.setObject(5, maximum, java.sql.Types.INTEGER);
        insert.setArray(6, connection.createArrayOf("text", request.frameworks().toArray()));
        insert.addBatch();
    }

    private static Map<String, String> detail(ProvisionRequest request, TenantRetention retention, String version,
            String masterKeyId) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("schema_version", version);
        detail.put("jurisdictions", String.join(",", request.frameworks()));
        detail.put("personal_data_days", String.valueOf(retention.personalDataDays()));
        detail.put("audit_records_days", String.valueOf(retention.auditDays()));
        detail.put("master_key_id", masterKeyId);
        return detail;
    }
}
