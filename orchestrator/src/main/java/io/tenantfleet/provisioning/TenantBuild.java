package io.tenantfleet.provisioning;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.retention.RetentionPolicy;
import io.tenantfleet.tenant.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The region work of provisioning one tenant, shared by the one-tenant job (a step per part) and
 * bulk onboarding (every part in one transaction): remove what an unfinished attempt left, create
 * roles and schema, apply the template, write the organization, retention, data key and ledger entry.
 */
@Component
class TenantBuild {

    private final TenantMigrator migrator;
    private final TenantConfigurer configurer;
    private final RegionCatalog catalog;

    TenantBuild(TenantMigrator migrator, TenantConfigurer configurer, RegionCatalog catalog) {
        this.migrator = migrator;
        this.configurer = configurer;
        this.catalog = catalog;
    }

    /** Removes an unfinished attempt's leftovers (in a transaction of their own), then creates roles and schema. */
    void createSchema(Connection connection, Tenant tenant, ProvisionRequest request) throws SQLException {
        TenantSchemaBuilder.removeLeftovers(connection, request.region().id(), tenant.id(), request.slug(),
                "rebuilt by attempt " + tenant.attempts());
        RegionGuard.inTransaction(connection, c -> {
            TenantSchemaBuilder.create(c, request.slug());
            return null;
        });
    }

    /** Applies the template in a transaction; returns the version. */
    String migrate(Connection connection, Tenant tenant, ProvisionRequest request) throws SQLException {
        return RegionGuard.inTransaction(connection, c -> migrator.migrate(c, request.slug(), tenant.id()));
    }

    /** Writes organization, retention, data key and ledger entry in a transaction. */
    void configure(Connection connection, Tenant tenant, ProvisionRequest request, String version) throws SQLException {
        RegionGuard.inTransaction(connection, c -> {
            configurer.configure(c, tenant, request, RetentionPolicy.of(request.region(), request.frameworks(), catalog),
                    version);
            return null;
        });
    }

    /**
     * The whole build in one transaction, under the tenant's region lock (the one a rollout takes),
     * after removing an earlier attempt's leftovers; returns the version. A build an earlier,
     * interrupted attempt completed is not done again: its version is returned as it is.
     */
    String build(Connection connection, Tenant tenant, ProvisionRequest request) throws SQLException {
        // even a first attempt may find its build committed: the region guard retries work whose commit
        // went through but whose connection failed before the answer came back
        Optional<String> built = TenantSchemaBuilder.builtVersion(connection, tenant.id());
        if (built.isPresent()) {
            return built.get();
        }
        // a first attempt has nothing before it to remove
        if (tenant.attempts() > 1) {
            TenantSchemaBuilder.removeLeftovers(connection, request.region().id(), tenant.id(), request.slug(),
                    "rebuilt by attempt " + tenant.attempts());
        }
        return RegionGuard.inTransaction(connection, c -> {
            lock(c, request);
            TenantSchemaBuilder.create(c, request.slug());
            String version = migrator.migrate(c, request.slug(), tenant.id());
            configurer.configure(c, tenant, request, RetentionPolicy.of(request.region(), request.frameworks(), catalog),
                    version);
            return version;
        });
    }

    private static void lock(Connection connection, ProvisionRequest request) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
            statement.setString(1, "tenant:" + request.slug().value());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new OrchestratorException(ErrorCode.CONFLICT, "tenant " + request.slug() + " is locked in region "
                            + request.region().id() + " by a rollout migrating it; resume the run when it is done");
                }
            }
        }
    }
}
