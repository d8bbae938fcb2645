package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.rollout.RolloutOptions;
import io.tenantfleet.rollout.RolloutRun;
import io.tenantfleet.rollout.RolloutService;
import io.tenantfleet.support.OwnFleet;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Template version 3 keeps no personal values in audit rows: a user's ciphertext, lookup hash and
 * plaintext never reach audit_log, while identifiers and timestamps stay; summary rows and pruning
 * keep the chain verifiable, and removing the oldest rows by hand is still found. The fleet starts
 * with the template at version 2; the first test migrates a tenant with full audit values to
 * version 3, and the later ones provision at version 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(properties = {"orchestrator.embedded-fast=true", "orchestrator.connect-timeout-ms=1500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedactedAuditTest {

    static final String REGION = "eu-central";
    static final String EMAIL = "Jane.Roe@Example.org";
    static final String NAME = "Jane Roe";
    static final String NEW_NAME = "Jane Q. Roe-Doe";

    private static Path template;

    @Autowired
    ProvisioningService service;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    TenantKeyStore keys;
    @Autowired
    RolloutService rollouts;

    /** What a user's life left in its tables: its id, creation time, and every personal value, lower case. */
    record UserTrail(String userId, String createdAt, List<String> personalValues) {}

    @DynamicPropertySource
    static void templateAtVersion2(DynamicPropertyRegistry properties) throws IOException {
        template = OwnFleet.register(properties, "");
        OwnFleet.copyTemplateFile(template, "V1__tenant_core.sql");
        OwnFleet.copyTemplateFile(template, "V2__force_row_level_security.sql");
    }

    @Test
    @Order(1)
    void aVersion2TenantsFullAuditValuesAreRedactedAndTheChainReLinkedByVersion3() throws Exception {
        Tenant tenant = provision("redact_old");
        assertThat(tenant.schemaVersion()).contains("2");
        UserTrail trail = insertUpdateAndDeleteAUser(tenant);
        try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
            JdbcClient admin = JdbcClient.create(acting);
            assertThat(rowsContaining(admin, tenant, trail.personalValues().get(0))).as("version 2 keeps full values")
                    .isPositive();
        }
        OwnFleet.copyTemplateFile(template, "V3__retention_holds_and_redacted_audit.sql");

        RolloutRun run = rollouts.apply(RolloutOptions.defaults()).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(registry.find("redact_old").orElseThrow().schemaVersion()).contains("3");
        try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
            JdbcClient admin = JdbcClient.create(acting);
            assertKeepsIdentifiersButNoPersonalValues(admin, tenant, trail);
            assertThat(admin.sql("SELECT count(*) FROM org_redact_old.audit_log WHERE table_name = 'organization' "
                    + "AND new_values ->> 'display_name' LIKE 'hmac-sha256:%'").query(Long.class).single()).isEqualTo(1);
            assertThat(problems(admin, tenant)).isEmpty();
            admin.sql("UPDATE org_redact_old.organization SET frameworks = frameworks || 'ISO27001'::text").update();
            assertThat(problems(admin, tenant)).as("rows written after the re-link").isEmpty();
        }
    }

    @Test
    @Order(2)
    void auditRowsOfAUserInsertedUpdatedAndDeletedKeepNoPersonalValues() throws Exception {
        Tenant tenant = provision("redact_user");
        assertThat(tenant.schemaVersion()).contains("3");

        UserTrail trail = insertUpdateAndDeleteAUser(tenant);

        try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
            JdbcClient admin = JdbcClient.create(acting);
            assertKeepsIdentifiersButNoPersonalValues(admin, tenant, trail);
            assertThat(problems(admin, tenant)).isEmpty();
        }
    }

    @Test
    @Order(3)
    void auditEventAppendsAChainedSummaryRowAndNeedsTheOrganizationContext() throws Exception {
        Tenant tenant = provision("redact_event");
        try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
            JdbcClient admin = JdbcClient.create(acting);
            long last = admin.sql("SELECT max(audit_id) FROM org_redact_event.audit_log").query(Long.class).single();

            long id = admin.sql("SELECT org_redact_event.audit_event('RETENTION_PURGE', 'users', ?::jsonb)")
                    .param("{\"deleted\": 3}").query(Long.class).single();

            assertThat(id).isEqualTo(last + 1);
            assertThat(admin.sql("SELECT action || ' ' || table_name || ' ' || coalesce(record_id, '-') || ' ' "
                    + "|| coalesce(old_values::text, '-') || ' ' || new_values::text || ' ' "
                    + "|| (prev_hash = (SELECT p.row_hash FROM org_redact_event.audit_log p WHERE p.audit_id = ?)) "
                    + "FROM org_redact_event.audit_log WHERE audit_id = ?").param(last).param(id).query(String.class).single())
                    .isEqualTo("RETENTION_PURGE users - - {\"deleted\": 3} true");
            assertThat(problems(admin, tenant)).isEmpty();
        }
        assertThatThrownBy(() -> sql().admin(REGION).sql("SELECT org_redact_event.audit_event('RETENTION_PURGE', 'users', "
                + "'{}'::jsonb)").query(Long.class).single()).rootCause().hasMessageContaining("needs app.current_org_id");
    }

    @Test
    @Order(4)
    void pruningRemovesOnlyTheOldestRowsBeforeTheCutOffNeverTheNewestAndTheChainStillVerifies() throws Exception {
        Tenant tenant = provision("redact_prune");
        try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
            JdbcClient admin = JdbcClient.create(acting);
            addAssessments(admin, tenant, 2);
            assertThat(auditIds(admin, tenant)).as("organization, four retention categories, two assessments")
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            String cutOff = admin.sql("SELECT clock_timestamp()::text").query(String.class).single();
            addAssessments(admin, tenant, 2);

            assertThat(prune(admin, tenant, cutOff, 3)).isEqualTo(3);
            assertThat(auditIds(admin, tenant)).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(admin.sql("SELECT last_pruned_id || ' ' || pruned_rows FROM org_redact_prune.audit_chain_anchor")
                    .query(String.class).single()).isEqualTo("3 3");
            assertThat(problems(admin, tenant)).isEmpty();

            assertThat(prune(admin, tenant, cutOff, 100)).as("rows 8 and 9 are after the cut-off").isEqualTo(4);
            assertThat(auditIds(admin, tenant)).containsExactly(8L, 9L);
            assertThat(problems(admin, tenant)).isEmpty();

            assertThat(prune(admin, tenant, "infinity", 100)).isEqualTo(1);
            assertThat(auditIds(admin, tenant)).as("the newest row stays").containsExactly(9L);
            assertThat(prune(admin, tenant, "infinity", 100)).isZero();
            assertThat(problems(admin, tenant)).isEmpty();
        }
    }

    @Test
    @Order(5)
    void theOldestRowsDeletedByHandAreReportedWithOrWithoutAnAnchor() throws Exception {
        Tenant unpruned = provision("redact_cut");
        Tenant pruned = provision("redact_cut_pruned");
        for (Tenant tenant : List.of(unpruned, pruned)) {
            try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
                JdbcClient admin = JdbcClient.create(acting);
                addAssessments(admin, tenant, 3);
                long firstKept = 3;
                if (tenant == pruned) {
                    assertThat(prune(admin, tenant, "infinity", 2)).isEqualTo(2);
                    assertThat(problems(admin, tenant)).isEmpty();
                    firstKept = 5;
                }

                admin.sql("SET ROLE " + schema(tenant) + "_owner").update();
                int deleted = admin.sql("DELETE FROM " + schema(tenant) + ".audit_log WHERE audit_id < ?").param(firstKept)
                        .update();
                admin.sql("RESET ROLE").update();

                assertThat(deleted).isEqualTo(2);
                assertThat(problems(admin, tenant)).as(tenant.slug())
                        .containsExactly(firstKept + ":oldest rows were removed outside pruning");
            }
        }
    }

    @Test
    @Order(6)
    void anActiveLegalHoldOnTheTenantOrOnAuditLogStopsPruning() throws Exception {
        Tenant tenant = provision("redact_hold");
        try (SingleConnectionDataSource acting = sql().actingFor(REGION, tenant.id())) {
            JdbcClient admin = JdbcClient.create(acting);
            addAssessments(admin, tenant, 3);
            for (String table : new String[] {null, "audit_log"}) {
                String hold = placeHold(admin, tenant, table, null);
                long rows = auditIds(admin, tenant).size();

                assertThat(prune(admin, tenant, "infinity", 100)).as("held: " + table).isZero();
                assertThat(auditIds(admin, tenant)).hasSize((int) rows);

                admin.sql("UPDATE org_redact_hold.legal_holds SET released_at = now(), released_by = 'test' "
                        + "WHERE hold_id = ?::uuid").param(hold).update();
            }
            placeHold(admin, tenant, "users", null);
            placeHold(admin, tenant, null, "now() - interval '1 day'");

            assertThat(prune(admin, tenant, "infinity", 100)).as("a hold on another table, an expired one").isPositive();
            assertThat(problems(admin, tenant)).isEmpty();
        }
    }

    private RegionSql sql() {
        return new RegionSql(connections);
    }

    private Tenant provision(String slug) {
        service.provision(ProvisionRequest.of(slug, "Org " + slug, REGION, List.of(), catalog));
        return registry.find(slug).orElseThrow();
    }

    private static String schema(Tenant tenant) {
        return "org_" + tenant.slug();
    }

    /** As the tenant's application role with its data key: inserts a user, renames it and makes it admin, deletes it. */
    private UserTrail insertUpdateAndDeleteAUser(Tenant tenant) throws SQLException {
        String dataKey;
        try (Connection admin = connections.dataSource(REGION).getConnection()) {
            dataKey = keys.unwrap(admin, tenant.id());
        }
        String s = schema(tenant);
        try (Connection app = sql().loginAs(REGION, s + "_app", tenant.slug() + "_service")) {
            JdbcClient client = JdbcClient.create(new SingleConnectionDataSource(app, true));
            client.sql("SELECT set_config('app.current_org_id', ?, false), set_config('app.data_key', ?, false)")
                    .param(tenant.id().toString()).param(dataKey).query().listOfRows();
            Map<String, Object> user = client.sql("INSERT INTO " + s + ".users (org_id, email_cipher, email_lookup, "
                    + "full_name_cipher) VALUES (?, " + s + ".pii_encrypt(?), " + s + ".pii_lookup_hash(?), " + s
                    + ".pii_encrypt(?)) RETURNING user_id::text AS id, created_at::text AS created, encode(email_cipher, 'hex') "
                    + "AS email, encode(email_lookup, 'hex') AS lookup, encode(full_name_cipher, 'hex') AS name")
                    .param(tenant.id()).param(EMAIL).param(EMAIL).param(NAME).query().singleRow();
            String id = (String) user.get("id");
            String renamed = client.sql("UPDATE " + s + ".users SET full_name_cipher = " + s + ".pii_encrypt(?), role = 'admin' "
                    + "WHERE user_id = ?::uuid RETURNING encode(full_name_cipher, 'hex')").param(NEW_NAME).param(id)
                    .query(String.class).single();
            assertThat(client.sql("DELETE FROM " + s + ".users WHERE user_id = ?::uuid").param(id).update()).isEqualTo(1);
            return new UserTrail(id, (String) user.get("created"), List.of((String) user.get("email"),
                    (String) user.get("lookup"), (String) user.get("name"), renamed, EMAIL.toLowerCase(),
                    NAME.toLowerCase(), NEW_NAME.toLowerCase()));
        }
    }

    private static void assertKeepsIdentifiersButNoPersonalValues(JdbcClient admin, Tenant tenant, UserTrail trail) {
        for (String value : trail.personalValues()) {
            assertThat(rowsContaining(admin, tenant, value)).as("audit rows holding " + value).isZero();
        }
        String s = schema(tenant);
        assertThat(admin.sql("SELECT a.action || ' ' || (v ->> 'user_id') || ' ' || (v ->> 'org_id') || ' ' || (v ->> 'role') "
                + "|| ' ' || ((v ->> 'created_at')::timestamptz = ?::timestamptz) || ' ' || (v ->> 'email_cipher' LIKE 'hmac-sha256:%') "
                + "|| ' ' || (v ->> 'email_lookup' LIKE 'hmac-sha256:%') || ' ' || (v ->> 'full_name_cipher' LIKE 'hmac-sha256:%') "
                + "FROM " + s + ".audit_log a, coalesce(a.new_values, a.old_values) v "
                + "WHERE a.table_name = 'users' AND a.record_id = ? ORDER BY a.audit_id")
                .param(trail.createdAt()).param(trail.userId()).query(String.class).list())
                .containsExactly("INSERT " + trail.userId() + " " + tenant.id() + " member true true true true",
                        "UPDATE " + trail.userId() + " " + tenant.id() + " admin true true true true",
                        "DELETE " + trail.userId() + " " + tenant.id() + " admin true true true true");
        assertThat(admin.sql("SELECT count(*) FROM " + s + ".audit_log WHERE table_name = 'users' AND action = 'UPDATE' "
                + "AND old_values ->> 'role' = 'member' AND (old_values ->> 'updated_at')::timestamptz IS NOT NULL")
                .query(Long.class).single()).isEqualTo(1);
    }

    private static long rowsContaining(JdbcClient admin, Tenant tenant, String value) {
        return admin.sql("SELECT count(*) FROM " + schema(tenant) + ".audit_log a WHERE strpos(lower(a::text), ?) > 0")
                .param(value).query(Long.class).single();
    }

    private static List<String> problems(JdbcClient admin, Tenant tenant) {
        return admin.sql("SELECT audit_id || ':' || problem FROM " + schema(tenant) + ".verify_audit_chain()")
                .query(String.class).list();
    }

    private static List<Long> auditIds(JdbcClient admin, Tenant tenant) {
        return admin.sql("SELECT audit_id FROM " + schema(tenant) + ".audit_log ORDER BY audit_id").query(Long.class).list();
    }

    private static int prune(JdbcClient admin, Tenant tenant, String before, int maxRows) {
        return admin.sql("SELECT " + schema(tenant) + ".prune_audit_log(?::timestamptz, ?)").param(before).param(maxRows)
                .query(Integer.class).single();
    }

    private static void addAssessments(JdbcClient admin, Tenant tenant, int count) {
        for (int i = 0; i < count; i++) {
            admin.sql("INSERT INTO " + schema(tenant) + ".assessments (org_id, title, framework) VALUES (?, ?, 'GDPR')")
                    .param(tenant.id()).param("assessment " + i).update();
        }
    }

    /** A hold on the tenant (table null) or a table, until {@code heldUntil} (an SQL expression, or null: no end). */
    private static String placeHold(JdbcClient admin, Tenant tenant, String table, String heldUntil) {
        return admin.sql("INSERT INTO " + schema(tenant) + ".legal_holds (org_id, table_name, reason, placed_by, held_until) "
                + "VALUES (?, ?::text, 'litigation', 'counsel@example.org', " + (heldUntil == null ? "NULL" : heldUntil)
                + ") RETURNING hold_id::text").param(tenant.id()).param(table).query(String.class).single();
    }
}
