package io.tenantfleet.provisioning;

import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.retention.CategoryPolicy;
import io.tenantfleet.retention.RetentionPolicy;
import io.tenantfleet.retention.RetentionPolicyRows;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Fills a freshly migrated tenant schema, in the caller's region transaction: its organization row, its
 * retention policy (every data category, with the rule that set each figure), its wrapped data
 * key, and the ledger entry that records the provisioning. The rows are written as the owner role acting for the organization ({@code app.current_org_id},
 * for this transaction only), as row-level security is forced on the owner too.
 */
@Component
class TenantConfigurer {

    private final TenantKeyStore keys;

    TenantConfigurer(TenantKeyStore keys) {
        this.keys = keys;
    }

    void configure(Connection connection, Tenant tenant, ProvisionRequest request, RetentionPolicy retention,
            String schemaVersion) throws SQLException {
        TenantSlug slug = request.slug();
        String schema = TenantSlug.quote(slug.schema());
        String masterKeyId = keys.create(connection, tenant.id(), slug.value());
        ResidencyLedger.append(connection, request.region().id(), "TENANT_PROVISIONED", tenant.id(), slug.value(),
                slug.schema(), detail(request, retention, schemaVersion, masterKeyId));
        // the tables force row-level security: the owner writes only as the organization
        TenantSession.actAsOwner(connection, slug, tenant.id());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".organization "
                + "(org_id, display_name, home_region, jurisdictions, frameworks) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, tenant.id());
            insert.setString(2, request.displayName());
            insert.setString(3, request.region().id());
            insert.setArray(4, connection.createArrayOf("text", request.region().jurisdictions().toArray()));
            insert.setArray(5, connection.createArrayOf("text", request.frameworks().toArray()));
            insert.executeUpdate();
        }
        RetentionPolicyRows.writeAll(connection, slug, tenant.id(), retention, schemaVersion);
        TenantSession.resetRole(connection);
    }

    private static Map<String, String> detail(ProvisionRequest request, RetentionPolicy retention, String version,
            String masterKeyId) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("schema_version", version);
        detail.put("jurisdictions", String.join(",", request.frameworks()));
        for (CategoryPolicy category : retention.categories().values()) {
            detail.put(category.category().key() + "_days", String.valueOf(category.days()));
        }
        detail.put("master_key_id", masterKeyId);
        return detail;
    }
}
