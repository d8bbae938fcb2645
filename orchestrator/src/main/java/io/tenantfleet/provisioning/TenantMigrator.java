package io.tenantfleet.provisioning;

import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.region.RegionEndpoint;
import io.tenantfleet.tenant.TenantSlug;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * Applies the tenant template ({@code sql/tenant}) to a tenant schema with Flyway, as the tenant's
 * owner role, all pending migrations in one transaction, keeping a standard
 * {@code flyway_schema_history} in the schema so that Flyway's own tools see a normal schema. The
 * tenant tables force row-level security, so the session also acts for the tenant's organization
 * ({@code app.current_org_id}): a migration that reads or writes rows sees that organization's.
 */
@Component
public class TenantMigrator {

    private final String location;

    public TenantMigrator(OrchestratorProperties properties) {
        this.location = properties.tenantTemplate();
    }

    /** Migrates the schema of organization {@code orgId} to the latest template version; returns that version. */
    public String migrate(RegionEndpoint endpoint, TenantSlug slug, UUID orgId) {
        Flyway flyway = flyway(endpoint, slug, orgId);
        flyway.migrate();
        MigrationInfo current = flyway.info().current();
        if (current == null) {
            throw new IllegalStateException("the tenant template at " + location + " has no migrations");
        }
        return current.getVersion().getVersion();
    }

    /**
     * A Flyway instance bound to one tenant schema, on its own connections (SET ROLE and the
     * organization setting stay there).
     */
    public Flyway flyway(RegionEndpoint endpoint, TenantSlug slug, UUID orgId) {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), endpoint.url(),
                endpoint.driverProperties());
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(location.split("\\s*,\\s*"))
                .schemas(slug.schema())
                .defaultSchema(slug.schema())
                .createSchemas(false)
                // initSql takes no bind parameters; a UUID prints as hex digits and dashes only
                .initSql("SET ROLE " + TenantSlug.quote(slug.ownerRole()) + "; SELECT set_config('app.current_org_id', '"
                        + orgId + "', false)")
                .group(true)
                .validateMigrationNaming(true)
                .load();
    }
}
