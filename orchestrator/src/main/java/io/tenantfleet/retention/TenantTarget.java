package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The tenant a hold or an erasure is for: it must be registered and ACTIVE, and its schema must be
 * at a template version with legal holds (V3 or later). Also ends the owner role of a transaction,
 * so that region tables ({@code fleet.*}) are written as the orchestrator again.
 */
final class TenantTarget {

    private TenantTarget() {
    }

    static Tenant active(TenantRegistry registry, TenantSlug slug) {
        Tenant tenant = registry.find(slug.value()).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "unknown organization '" + slug + "'; see orchestrator status for the organizations"));
        if (tenant.status() != TenantStatus.ACTIVE) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization '" + slug + "' is " + tenant.status()
                    + ", not ACTIVE; run orchestrator provision --org " + slug + " to complete it first");
        }
        return tenant;
    }

    /** The tenant's retention map; refused when its schema predates legal holds. */
    static RetentionMap map(Connection connection, Tenant tenant) throws SQLException {
        TenantSlug slug = new TenantSlug(tenant.slug());
        if (!hasHolds(connection, slug)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization '" + slug + "' is at template version "
                    + tenant.schemaVersion().orElse("?") + ", before legal holds and erasure (version 3); roll it out "
                    + "first: orchestrator rollout apply");
        }
        return RetentionMap.read(connection, slug).orElseThrow();
    }

    static boolean hasHolds(Connection connection, TenantSlug slug) throws SQLException {
        return RetentionMap.hasTable(connection, slug, "legal_holds");
    }
}
