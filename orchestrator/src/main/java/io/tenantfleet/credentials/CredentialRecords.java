package io.tenantfleet.credentials;

import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.tenant.Tenant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The control plane's record of issued logins ({@code tenant_credential}): names and times only,
 * never a password or a verifier.
 */
@Repository
class CredentialRecords {

    /** Why a login ended; the values of {@code tenant_credential.revoked_reason}. */
    enum Ending {
        REVOKED, EXPIRED, MISSING;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;

    CredentialRecords(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The highest login number ever issued to the tenant, 0 when none. */
    int lastNumber(Tenant tenant) {
        return jdbc.sql("SELECT coalesce(max(login_number), 0) FROM tenant_credential WHERE tenant_id = ?")
                .param(tenant.id()).query(Integer.class).single();
    }

    /** Logins recorded as not ended. */
    List<String> open(Tenant tenant) {
        return jdbc.sql("SELECT login_name FROM tenant_credential WHERE tenant_id = ? AND revoked_at IS NULL "
                + "ORDER BY login_number").param(tenant.id()).query(String.class).list();
    }

    void issued(Tenant tenant, LoginName login, Instant at) {
        jdbc.sql("INSERT INTO tenant_credential (tenant_id, slug, home_region, login_name, login_number, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)").param(tenant.id()).param(tenant.slug()).param(tenant.homeRegion())
                .param(login.value()).param(login.number()).param(Timestamp.from(at)).update();
    }

    void expiring(Tenant tenant, Collection<LoginName> logins, Instant validUntil) {
        for (LoginName login : logins) {
            jdbc.sql("UPDATE tenant_credential SET valid_until = ? WHERE tenant_id = ? AND login_name = ?")
                    .param(Timestamp.from(validUntil)).param(tenant.id()).param(login.value()).update();
        }
    }

    void ended(Tenant tenant, Collection<String> logins, Ending ending, Instant at) {
        for (String login : logins) {
            jdbc.sql("UPDATE tenant_credential SET revoked_at = ?, revoked_reason = ? WHERE tenant_id = ? "
                    + "AND login_name = ? AND revoked_at IS NULL").param(Timestamp.from(at)).param(ending.column())
                    .param(tenant.id()).param(login).update();
        }
    }
}
