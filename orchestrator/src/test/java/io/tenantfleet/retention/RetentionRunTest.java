package io.tenantfleet.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Retention runs on real regions with rows on both sides of every cut-off: exactly the expired and
 * long soft-deleted rows go (children first), held rows and their children stay, the dry run
 * changes nothing, the audit chain still verifies and no removed value is left in the schema, and
 * a region that is down is caught up by resuming the run.
 */
@FleetTest
class RetentionRunTest {

    static final String EU = "eu-central";
    static final String JP = "japan-east";

    @Autowired
    ProvisioningService provisioning;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    TenantKeyStore keys;
    @Autowired
    RetentionService retention;
    @Autowired
    RetentionDryRun dryRun;

    private Tenant seeded(String slug, String region) throws Exception {
        provisioning.provision(ProvisionRequest.of(slug, "Org " + slug, region, List.of(), catalog));
        Tenant tenant = registry.find(slug).orElseThrow();
        try (Connection connection = connections.dataSource(region).getConnection()) {
            String key = keys.unwrap(connection, tenant.id());
            SampleData.seed(connection, new TenantSlug(slug), tenant.id(), key, Instant.now(), 8, false);
        }
        return tenant;
    }

    private JdbcClient admin(String region) {
        return new RegionSql(connections).admin(region);
    }

    /** Users left, by e-mail number (user{i}@...), read with the tenant's data key. */
    private List<Integer> users(Tenant tenant) throws Exception {
        try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(tenant.homeRegion(), tenant.id());
                Connection connection = acting.getConnection()) {
            JdbcClient sql = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            String key = keys.unwrap(connection, tenant.id());
            sql.sql("SELECT set_config('app.data_key', ?, false)").param(key).query(String.class).single();
            return sql.sql("SELECT substring(org_" + tenant.slug() + ".pii_decrypt(email_cipher) from 'user([0-9]+)@')::int "
                    + "FROM org_" + tenant.slug() + ".users ORDER BY 1").query(Integer.class).list();
        }
    }

    private long count(Tenant tenant, String table) {
        return admin(tenant.homeRegion()).sql("SELECT count(*) FROM org_" + tenant.slug() + "." + table).query(Long.class)
                .single();
    }

    private void hold(Tenant tenant, String table, String recordId) throws Exception {
        try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(tenant.homeRegion(), tenant.id())) {
            JdbcClient.create(acting).sql("INSERT INTO org_" + tenant.slug() + ".legal_holds (org_id, table_name, record_id, "
                + "reason, placed_by) VALUES (?, ?, ?, 'litigation', 'test')").param(tenant.id()).param(table).param(recordId)
                    .update();
        }
    }

    private String userId(Tenant tenant, int number) throws Exception {
        try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(tenant.homeRegion(), tenant.id());
                Connection connection = acting.getConnection()) {
            JdbcClient sql = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            sql.sql("SELECT set_config('app.data_key', ?, false)").param(keys.unwrap(connection, tenant.id()))
                    .query(String.class).single();
            return sql.sql("SELECT user_id::text FROM org_" + tenant.slug() + ".users WHERE email_lookup = org_"
                    + tenant.slug() + ".pii_lookup_hash(?)").param("user" + number + "@" + tenant.slug() + ".example")
                    .query(String.class).single();
        }
    }

    @Test
    void expiredRowsGoHeldRowsStayAndTheDryRunChangesNothing() throws Exception {
        Tenant held = seeded("ret_held", EU);
        Tenant plain = seeded("ret_plain", EU);
        hold(held, "users", userId(held, 1));
        List<String> ciphers = admin(EU).sql("SELECT encode(email_cipher, 'hex') FROM org_ret_plain.users u WHERE "
                + "u.deleted_at < now() - interval '30 days' OR u.last_login_at < now() - interval '1095 days'")
                .query(String.class).list();
        assertThat(ciphers).hasSize(4);

        RetentionOptions options = new RetentionOptions(List.of(EU), List.of("ret_held", "ret_plain"), 3, Optional.of(30), 1,
                Workers.LOCAL);
        Map<String, RetentionDryRun.TenantPreview> previews = dryRun.preview(options).stream()
                .collect(Collectors.toMap(p -> p.tenant().slug(), p -> p));
        Map<String, TableCounts> plainPreview = tables(previews.get("ret_plain").result().orElseThrow());
        assertThat(plainPreview.get("users").removed()).isEqualTo(4);
        assertThat(plainPreview.get("profiles").removed()).isEqualTo(4);
        assertThat(plainPreview.get("assessments").removed()).isEqualTo(2);
        assertThat(plainPreview.get("assessment_results").removed()).isEqualTo(2);
        Map<String, TableCounts> heldPreview = tables(previews.get("ret_held").result().orElseThrow());
        assertThat(heldPreview.get("users").removed()).isEqualTo(3);
        assertThat(heldPreview.get("users").held()).isEqualTo(1);
        assertThat(heldPreview.get("consents").held()).isEqualTo(1);
        assertThat(count(plain, "users")).as("the dry run changes nothing").isEqualTo(8);

        RetentionRun run = retention.run(options).orElseThrow();

        assertThat(run.status()).as(run.reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
        assertThat(users(plain)).containsExactly(0, 3, 4, 7);
        assertThat(users(held)).containsExactly(0, 1, 3, 4, 7);
        assertThat(count(plain, "profiles")).isEqualTo(4);
        assertThat(count(held, "profiles")).isEqualTo(5);
        assertThat(count(plain, "assessments")).isEqualTo(6);
        assertThat(count(plain, "assessment_results")).isEqualTo(6);
        Map<String, RetentionTenant> ledger = retention.tenants(run.id()).stream()
                .collect(Collectors.toMap(RetentionTenant::slug, t -> t));
        assertThat(ledger.get("ret_plain").removed()).isGreaterThanOrEqualTo(16);
        assertThat(ledger.get("ret_held").held()).isEqualTo(3);
        assertThat(ledger.get("ret_held").left()).isZero();

        for (Tenant tenant : List.of(held, plain)) {
            try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(EU, tenant.id())) {
                JdbcClient sql = JdbcClient.create(acting);
                assertThat(sql.sql("SELECT problem FROM org_" + tenant.slug() + ".verify_audit_chain()").query(String.class)
                        .list()).as("audit chain of " + tenant.slug()).isEmpty();
                assertThat(sql.sql("SELECT count(*) FROM org_" + tenant.slug() + ".audit_log WHERE action = 'RETENTION_PURGE'")
                        .query(Long.class).single()).isEqualTo(1);
            }
            assertThat(admin(EU).sql("SELECT count(*) FROM fleet.residency_ledger WHERE event = 'RETENTION_PURGE' "
                    + "AND tenant_id = ? AND detail ->> 'run_id' = ?").param(tenant.id()).param(String.valueOf(run.id()))
                    .query(Long.class).single()).isEqualTo(1);
        }
        List<String> tables = admin(EU).sql("SELECT tablename FROM pg_tables WHERE schemaname = 'org_ret_plain'")
                .query(String.class).list();
        for (String cipher : ciphers) {
            for (String table : tables) {
                assertThat(admin(EU).sql("SELECT count(*) FROM org_ret_plain." + table + " t WHERE t::text LIKE ?")
                        .param("%" + cipher.substring(0, 40) + "%").query(Long.class).single())
                        .as("a removed user's ciphertext in " + table).isZero();
            }
        }

        RetentionRun again = retention.run(options).orElseThrow();
        assertThat(retention.tenants(again.id())).allSatisfy(t -> assertThat(t.removed()).isZero());
    }

    @Test
    void aRegionDownIsReportedAndCaughtUpByResume() throws Exception {
        Tenant japan = seeded("ret_jp", JP);
        Tenant europe = seeded("ret_eu", EU);
        RetentionOptions options = new RetentionOptions(List.of(), List.of("ret_jp", "ret_eu"), 1000, Optional.empty(), 1,
                Workers.LOCAL);
        java.nio.file.Path dataDir = connections.embeddedDataDir(JP);
        RetentionRun run;
        EmbeddedServers.holdDown(dataDir);
        try {
            run = retention.run(options).orElseThrow();
        } finally {
            EmbeddedServers.release(dataDir);
        }
        assertThat(run.status()).isEqualTo(RunStatus.INCOMPLETE);
        assertThat(run.reason()).contains("1 tenants not done (region down, rows locked or a failure; see 'retention "
                + "status " + run.id() + "'); 'retention resume " + run.id() + "' continues them");
        Map<String, String> states = retention.tenants(run.id()).stream()
                .collect(Collectors.toMap(RetentionTenant::slug, RetentionTenant::state));
        assertThat(states).as(retention.tenants(run.id()).toString()).containsEntry("ret_eu", "done").containsEntry("ret_jp", "pending");
        assertThat(users(europe)).containsExactly(0, 3, 4, 7);

        RetentionRun resumed = retention.resume(run.id(), Workers.LOCAL);

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(users(japan)).containsExactly(0, 3, 4, 7);
    }

    /**
     * A held child keeps its parent and the parent's other children (nothing of the person goes
     * while part of it must stay), and a user's deletion does not restart the retention of the
     * assessments they created (the foreign key's SET NULL is not an edit).
     */
    @Test
    void aHeldChildKeepsItsParentAndSiblingsAndSetNullDoesNotTouchUpdatedAt() throws Exception {
        Tenant tenant = seeded("ret_child", EU);
        String user5 = userId(tenant, 5);
        String consent = admin(EU).sql("SELECT consent_id::text FROM org_ret_child.consents WHERE user_id = ?::uuid")
                .param(user5).query(String.class).single();
        hold(tenant, "consents", consent);
        String user1 = userId(tenant, 1);
        try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(EU, tenant.id())) {
            JdbcClient sql = JdbcClient.create(acting);
            sql.sql("ALTER TABLE org_ret_child.assessments DISABLE TRIGGER assessments_touch").update();
            sql.sql("UPDATE org_ret_child.assessments SET created_by = ?::uuid, updated_at = now() - interval '400 days' "
                    + "WHERE title = 'Review 0'").param(user1).update();
            sql.sql("ALTER TABLE org_ret_child.assessments ENABLE TRIGGER assessments_touch").update();
        }

        RetentionOptions options = new RetentionOptions(List.of(EU), List.of("ret_child"), 1000, java.util.Optional.of(30),
                1, Workers.LOCAL);
        Map<String, TableCounts> preview = tables(dryRun.preview(options).get(0).result().orElseThrow());
        assertThat(preview.values().stream().filter(t -> t.held() > 0).map(t -> t.table() + " " + t.held()))
                .as(preview.toString()).containsExactlyInAnyOrder("users 1", "profiles 1", "consents 1");

        RetentionRun run = retention.run(options).orElseThrow();

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(users(tenant)).containsExactly(0, 3, 4, 5, 7);
        assertThat(admin(EU).sql("SELECT count(*) FROM org_ret_child.profiles WHERE user_id = ?::uuid").param(user5)
                .query(Long.class).single()).as("the held consent's user keeps its profile").isEqualTo(1);
        assertThat(admin(EU).sql("SELECT (created_by IS NULL) || ' ' || (updated_at < now() - interval '399 days') "
                + "FROM org_ret_child.assessments WHERE title = 'Review 0'").query(String.class).single())
                .isEqualTo("true true");
        assertThat(retention.tenants(run.id())).singleElement().satisfies(t -> assertThat(t.held()).isEqualTo(3));
    }

    @Test
    void aTableWithNoMappingIsReportedAndLeftAlone() throws Exception {
        Tenant tenant = seeded("ret_unmapped", EU);
        admin(EU).sql("CREATE TABLE org_ret_unmapped.notes (note_id int PRIMARY KEY, body text)").update();
        admin(EU).sql("INSERT INTO org_ret_unmapped.notes VALUES (1, 'kept as it is')").update();
        RetentionOptions options = new RetentionOptions(List.of(EU), List.of("ret_unmapped"), 1000, java.util.Optional.of(30), 1, Workers.LOCAL);

        assertThat(dryRun.preview(options)).singleElement().satisfies(p -> assertThat(p.unmapped()).containsExactly("notes"));
        RetentionRun run = retention.run(options).orElseThrow();

        assertThat(retention.tenants(run.id())).singleElement().satisfies(t -> {
            assertThat(t.unmapped()).containsExactly("notes");
            assertThat(t.removed()).isPositive();
        });
        assertThat(count(tenant, "notes")).isEqualTo(1);
    }

    private static Map<String, TableCounts> tables(TenantPurger.Result result) {
        return result.tables().stream().collect(Collectors.toMap(TableCounts::table, t -> t));
    }
}
