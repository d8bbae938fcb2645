package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.tenant.TenantSlug;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The structure the tenant template gives at a version, for {@code drift}: a schema built from the
 * template, read, and rolled back, so nothing of it remains. It is built on the region itself
 * (same server version, same extensions); a region whose login may only read gets it built on
 * the control plane instead, where the orchestrator may write.
 */
@Component
class ReferenceSchemas {

    /** Reads the structure of the reference schema built in {@code schema}. */
    interface Reader {
        Set<String> read(Connection connection, String schema) throws SQLException;
    }

    /** Not allowed (insufficient privilege, read-only transaction or login): build elsewhere. */
    private static final Set<String> NOT_ALLOWED = Set.of("42501", "25006");

    private final TenantTemplate template;
    private final RegionBaseline regions;
    private final DataSource controlPlane;

    ReferenceSchemas(TenantTemplate template, RegionBaseline regions,
            @Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane) {
        this.template = template;
        this.regions = regions;
        this.controlPlane = controlPlane;
    }

    Set<String> build(String region, TemplateVersion version, Reader reader) {
        try {
            try {
                return buildOn(regions.connections(region), version, reader, false);
            } catch (SQLException e) {
                if (!NOT_ALLOWED.contains(e.getSQLState())) {
                    throw e;
                }
                return buildOn(controlPlane, version, reader, true);
            }
        } catch (SQLException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "cannot build the reference schema for version "
                    + version + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
        }
    }

    private Set<String> buildOn(DataSource dataSource, TemplateVersion version, Reader reader, boolean needsPgcrypto)
            throws SQLException {
        String schema = "fleet_ref_" + HexFormat.of().formatHex(randomBytes());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (needsPgcrypto) {
                    statement.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public");
                }
                for (String suffix : List.of("_app", "_ro")) {
                    statement.execute("CREATE ROLE " + TenantSlug.quote(schema + suffix) + " NOLOGIN");
                }
                statement.execute("CREATE SCHEMA " + TenantSlug.quote(schema));
                statement.execute("SET LOCAL search_path = " + TenantSlug.quote(schema) + ", public");
                // as provisioning does, migrations run for an organization (here one of no rows)
                statement.execute("SET LOCAL app.current_org_id = '" + UUID.randomUUID() + "'");
                for (TemplateMigration migration : template.between(TemplateVersion.parse("0"), version)) {
                    statement.execute(migration.sqlFor(schema));
                }
                return reader.read(connection, schema);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
