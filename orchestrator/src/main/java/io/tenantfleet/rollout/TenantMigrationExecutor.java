package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Migrates a batch of tenant schemas of one region in one round trip, without Flyway's per-call
 * cost. {@code fleet.migrate_tenants} (sql/region V7) runs each tenant in a subtransaction of its
 * own: it takes the tenant's advisory lock, runs the pending template migrations as the owner role
 * and writes the same flyway_schema_history rows Flyway would (so Flyway's own validate passes),
 * at the ranks that follow the one the plan read; if the schema changed since the plan, the
 * history's primary key refuses those rows and the tenant is done again from its real version. A
 * failing tenant rolls back alone. The batch appends
 * one residency-ledger entry naming every tenant it migrated and commits once. The migrations
 * sent for each pair of versions are encoded once and reused for every batch.
 */
@Component
class TenantMigrationExecutor {

    /** What happened to one tenant. */
    enum Result {
        MIGRATED, ALREADY_CURRENT, BUSY, FAILED
    }

    /** One tenant's outcome; {@code asPlanned}: migrated on the plan's word, without reading its history first. */
    record Outcome(PlannedTenant tenant, Result result, String version, String error, long millis, boolean asPlanned) {}

    /** The migrations from one version to another as PostgreSQL array literals. */
    private record Encoded(String versions, String descriptions, String scripts, String checksums, String sql) {}

    private static final String CALL = "SELECT slug, outcome, error, millis, as_planned FROM fleet.migrate_tenants(?, ?::uuid[], "
            + "?::text[], ?::integer[], ?, ?, ?::text[], ?::text[], ?::text[], ?::integer[], ?::text[])";

    /** Encodings made from one reading of the template; a new reading starts a new cache. */
    private record Cache(List<TemplateMigration> migrations, Map<String, Encoded> byVersions) {}

    private final TenantTemplate template;
    private volatile Cache cache = new Cache(List.of(), new ConcurrentHashMap<>());

    TenantMigrationExecutor(TenantTemplate template) {
        this.template = template;
    }

    /** Migrates tenants of one region that share a starting version; one outcome per tenant, in order. */
    List<Outcome> migrate(Connection connection, List<PlannedTenant> tenants, TemplateVersion target) throws SQLException {
        PlannedTenant first = tenants.get(0);
        Encoded migrations = encoded(first.from(), target);
        List<Outcome> outcomes = new ArrayList<>();
        try (PreparedStatement call = connection.prepareStatement(CALL)) {
            call.setString(1, first.region());
            call.setArray(2, connection.createArrayOf("uuid", tenants.stream().map(PlannedTenant::tenantId).toArray(UUID[]::new)));
            call.setArray(3, connection.createArrayOf("text", tenants.stream().map(PlannedTenant::slug).toArray()));
            call.setArray(4, connection.createArrayOf("integer", tenants.stream().map(PlannedTenant::fromRank).toArray()));
            call.setString(5, first.from().text());
            call.setString(6, target.text());
            call.setString(7, migrations.versions());
            call.setString(8, migrations.descriptions());
            call.setString(9, migrations.scripts());
            call.setString(10, migrations.checksums());
            call.setString(11, migrations.sql());
            try (ResultSet rs = call.executeQuery()) {
                for (PlannedTenant tenant : tenants) {
                    rs.next();
                    outcomes.add(outcome(tenant, target, rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5)));
                }
            }
        }
        return outcomes;
    }

    /**
     * The migrations from {@code from} to {@code to}, encoded. A process whose template does not
     * reach the run's target (a worker started before the migration was added, or one deployed with
     * another template) reads its template again, and refuses if it still does not: it must never
     * record a tenant done without migrating it.
     */
    private Encoded encoded(TemplateVersion from, TemplateVersion to) {
        if (template.find(to).isEmpty()) {
            template.refresh();
            if (template.find(to).isEmpty()) {
                throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "this process's tenant template has no version "
                        + to + " (latest " + template.latest() + "); run every manager and worker with the same "
                        + "orchestrator.tenant-template");
            }
        }
        List<TemplateMigration> current = template.migrations();
        Cache known = cache;
        if (known.migrations() != current) {
            known = new Cache(current, new ConcurrentHashMap<>());
            cache = known;
        }
        return known.byVersions().computeIfAbsent(from.text() + ">" + to.text(), key -> encode(current.stream()
                .filter(m -> m.version().compareTo(from) > 0 && m.version().compareTo(to) <= 0).toList()));
    }

    private static Outcome outcome(PlannedTenant tenant, TemplateVersion target, String answer, String error, long millis,
            boolean asPlanned) {
        if (answer.startsWith("MIGRATED")) {
            return new Outcome(tenant, Result.MIGRATED, target.text(), null, millis, asPlanned);
        }
        if (answer.startsWith("CURRENT")) {
            return new Outcome(tenant, Result.ALREADY_CURRENT, answer.substring("CURRENT ".length()), null, millis, false);
        }
        if (answer.equals("BUSY")) {
            return new Outcome(tenant, Result.BUSY, tenant.from().text(), "tenant is locked by provisioning or another rollout",
                    millis, false);
        }
        return new Outcome(tenant, Result.FAILED, tenant.from().text(), "migration failed: " + error, millis, false);
    }

    private static Encoded encode(List<TemplateMigration> migrations) {
        return new Encoded(literal(migrations, m -> m.version().text()), literal(migrations, TemplateMigration::description),
                literal(migrations, TemplateMigration::script), literal(migrations, m -> String.valueOf(m.checksum())),
                literal(migrations, TemplateMigration::sql));
    }

    /** A PostgreSQL array literal: every element double-quoted, backslash and quote escaped. */
    static String literal(List<TemplateMigration> migrations, Function<TemplateMigration, String> field) {
        StringBuilder text = new StringBuilder("{");
        for (TemplateMigration migration : migrations) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append('"').append(field.apply(migration).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text.append('}').toString();
    }
}
