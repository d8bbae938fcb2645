package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.residency.RegionFacts.TenantChecks;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.support.SeededTenants;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The region verifies each tenant's audit chain itself ({@code fleet.residency_tenant_checks},
 * sql/region/R__residency_checks.sql), with its own copy of the template's hash formula: for a
 * clean chain and for each way of tampering with one, it finds exactly what the tenant's own
 * {@code verify_audit_chain()} finds, both as the region's administrator and as a login that does
 * not bypass row-level security (it then acts as the tenant's owner); a tenant whose
 * {@code audit_hash()} was rewritten to agree with an edited row does not fool it, nor does a
 * removed chain head (which it says, where the template's verifier is silent). A chain pruned through
 * the template starts at its anchor; rows removed by hand after pruning, or an edited anchor, are
 * found as the template finds them, and so is an anchor beside a chain that starts at its first row;
 * the problems of one row come in the template's order.
 * <p>
 * A report reads the tenants' tables by copying them where the login bypasses row-level security
 * ({@link TenantChecksByCopy}): for each case above it answers exactly as the function does
 * ({@link #chainProblems}); whatever it cannot vouch for (a time the server would format otherwise,
 * two chain heads, a column altered by hand, more rows than it keeps, a table it may not read) is
 * answered by the function, so a report's checks are always the function's.
 */
@FleetTest
class ResidencyChainTest {

    private static final String EU = "eu-central";

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

    private Tenant tampered(String slug, String... statements) throws Exception {
        Tenant tenant = new SeededTenants(provisioning, registry, catalog, connections, keys).ensure(slug, EU, 3);
        try (Connection connection = connections.dataSource(EU).getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql.replace("S.", "org_" + slug + "."));
            }
        }
        return tenant;
    }

    private long newest(String slug) {
        return new RegionSql(connections).count(EU, "SELECT max(audit_id) FROM org_" + slug + ".audit_log");
    }

    @Test
    void aCleanChainHasNoProblems() throws Exception {
        Tenant tenant = tampered("chain_clean");
        assertThat(region(tenant, connections.dataSource(EU).getConnection())).isEmpty();
        assertThat(template(tenant)).isEmpty();
    }

    @Test
    void eachTamperingIsFoundAsTheTemplatesVerifierFindsIt() throws Exception {
        Tenant edited = tampered("chain_edit", "UPDATE S.audit_log SET actor = 'mallory' WHERE audit_id = 2");
        Tenant middle = tampered("chain_middle", "DELETE FROM S.audit_log WHERE audit_id = 3");
        Tenant oldest = tampered("chain_oldest", "DELETE FROM S.audit_log WHERE audit_id = 1");
        Tenant latest = tampered("chain_latest");
        tampered("chain_latest", "DELETE FROM S.audit_log WHERE audit_id = " + newest("chain_latest"));
        Tenant relinked = tampered("chain_relink", "UPDATE S.audit_log SET prev_hash = sha256('x'::bytea) WHERE audit_id = 4");

        assertThat(region(edited, admin())).containsExactly("2: row was modified").isEqualTo(template(edited));
        assertThat(region(middle, admin())).containsExactly("4: row before it was removed or modified")
                .isEqualTo(template(middle));
        assertThat(region(oldest, admin())).containsExactly("2: oldest rows were removed outside pruning")
                .isEqualTo(template(oldest));
        assertThat(region(latest, admin())).singleElement().asString().endsWith(": latest rows were removed");
        assertThat(region(latest, admin())).isEqualTo(template(latest));
        assertThat(region(relinked, admin())).contains("4: row was modified", "4: row before it was removed or modified")
                .isEqualTo(template(relinked));
        Tenant moved = tampered("chain_moved", "UPDATE S.audit_log SET org_id = gen_random_uuid() WHERE audit_id = 3");
        assertThat(region(moved, admin())).as("rows of another organization are not the tenant's chain, as for the template")
                .containsExactly("4: row before it was removed or modified").isEqualTo(template(moved));
    }

    @Test
    void aRemovedChainHeadIsSaidAndDoesNotHideAnEditedRow() throws Exception {
        Tenant tenant = tampered("chain_headless", "UPDATE S.audit_log SET actor = 'mallory' WHERE audit_id = 2",
                "DELETE FROM S.audit_chain_head");

        assertThat(region(tenant, admin())).containsExactly("0: the chain head was removed", "2: row was modified");
        assertThat(template(tenant)).as("the template's verifier says nothing of the head").containsExactly(
                "2: row was modified");
    }

    @Test
    void aLoginThatDoesNotBypassRowSecurityActsAsTheOwner() throws Exception {
        Tenant edited = tampered("chain_login", "UPDATE S.audit_log SET actor = 'mallory' WHERE audit_id = 2");
        RegionSql sql = new RegionSql(connections);
        try (Connection login = sql.loginAs(EU, "org_chain_login_owner", "chain_checker")) {
            sql.admin(EU).sql("GRANT USAGE ON SCHEMA fleet TO chain_checker").update();
            sql.admin(EU).sql("GRANT EXECUTE ON FUNCTION fleet.residency_tenant_checks(uuid[], text[]) TO chain_checker").update();
            assertThat(region(edited, login)).containsExactly("2: row was modified");
        }
        // a login that may SET ROLE to the owner without inheriting its privileges (no USAGE of its own)
        try (Connection login = sql.loginWith(EU, "chain_setter", "")) {
            sql.admin(EU).sql("GRANT org_chain_login_owner TO chain_setter WITH INHERIT FALSE, SET TRUE").update();
            sql.admin(EU).sql("GRANT USAGE ON SCHEMA fleet TO chain_setter").update();
            sql.admin(EU).sql("GRANT EXECUTE ON FUNCTION fleet.residency_tenant_checks(uuid[], text[]) TO chain_setter").update();
            assertThat(region(edited, login)).containsExactly("2: row was modified");
        }
    }

    @Test
    void aRewrittenHashFunctionDoesNotHideAnEditedRow() throws Exception {
        Tenant tenant = tampered("chain_forged", "UPDATE S.audit_log SET actor = 'mallory' WHERE audit_id = 2",
                "CREATE OR REPLACE FUNCTION S.audit_hash(prev bytea, audit_id bigint, org_id uuid, occurred_at timestamptz, "
                        + "actor text, action text, table_name text, record_id text, old_values jsonb, new_values jsonb) "
                        + "RETURNS bytea LANGUAGE sql AS $$ SELECT a.row_hash FROM org_chain_forged.audit_log a "
                        + "WHERE a.audit_id = $2 $$");

        assertThat(template(tenant)).as("the tenant's own verifier trusts its own hash function").isEmpty();
        assertThat(region(tenant, admin())).containsExactly("2: row was modified");
    }

    @Test
    void aPrunedChainStartsAtItsAnchorAndRowsRemovedAfterPruningAreFound() throws Exception {
        List<Tenant> tenants = prunedByTwo("chain_pruned", "chain_cut", "chain_anchor");
        Tenant pruned = tenants.get(0);
        Tenant cut = tenants.get(1);
        Tenant forged = tenants.get(2);
        tampered("chain_cut", "DELETE FROM S.audit_log WHERE audit_id = 3");
        tampered("chain_anchor", "UPDATE S.audit_chain_anchor SET last_pruned_hash = sha256('x'::bytea)");

        assertThat(region(pruned, admin())).as("rows pruned through the template leave a chain that verifies")
                .isEmpty();
        assertThat(template(pruned)).isEmpty();
        assertThat(region(cut, admin())).containsExactly("4: oldest rows were removed outside pruning")
                .isEqualTo(template(cut));
        assertThat(region(forged, admin())).containsExactly("3: oldest rows were removed outside pruning")
                .isEqualTo(template(forged));
    }

    @Test
    void anAnchorBesideAChainStartingAtItsFirstRowIsFoundAsTheTemplateFindsIt() throws Exception {
        Tenant tenant = tampered("chain_extra_anchor", "INSERT INTO S.audit_chain_anchor (singleton, last_pruned_id, "
                + "last_pruned_hash, pruned_rows, pruned_at) VALUES (true, 7, sha256('x'::bytea), 7, now())");

        assertThat(region(tenant, admin())).as("pruned rows back in the log, or a forged anchor")
                .containsExactly("1: oldest rows were removed outside pruning").isEqualTo(template(tenant));
    }

    @Test
    void aTableWithoutPagesIsNotCopiedAndAnswersAsTheFunctionDoes() throws Exception {
        Tenant fresh = tampered("copy_fresh");
        List<Tenant> prunedByTwo = prunedByTwo("copy_pruned", "copy_emptied", "copy_truncated");
        Tenant pruned = prunedByTwo.get(0);
        Tenant emptied = prunedByTwo.get(1);
        Tenant truncated = prunedByTwo.get(2);
        tampered("copy_emptied", "DELETE FROM S.audit_chain_anchor");
        tampered("copy_truncated", "TRUNCATE S.audit_chain_anchor", "TRUNCATE S.audit_chain_head",
                "TRUNCATE S.retention_policy");

        assertThat(region(fresh, admin())).isEmpty();
        assertThat(region(pruned, admin())).isEmpty();
        assertThat(region(emptied, admin())).as("an anchor deleted by hand: its page is still there, and read")
                .containsExactly("3: oldest rows were removed outside pruning");
        assertThat(region(truncated, admin())).as("tables emptied by TRUNCATE have no pages")
                .containsExactly("0: the chain head was removed", "3: oldest rows were removed outside pruning");

        List<Tenant> tenants = List.of(fresh, pruned, emptied, truncated);
        List<String> tables = List.of("audit_log", "audit_chain_head", "audit_chain_anchor", "retention_policy");
        try (Connection connection = admin()) {
            connection.setAutoCommit(false);
            Map<String, Long> before = scans(connection, tenants, tables);
            assertThat(TenantChecksByCopy.read(connection, tenants, TenantChecksByCopy.MAX_AUDIT_ROWS)).hasSize(4);
            Map<String, Long> copied = new TreeMap<>();
            scans(connection, tenants, tables).forEach((table, n) -> copied.put(table, n - before.get(table)));
            connection.rollback();
            assertThat(copied).as("tables copied (a COPY is one sequential scan)").containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("copy_fresh.audit_log", 1L), Map.entry("copy_fresh.audit_chain_head", 1L),
                    Map.entry("copy_fresh.audit_chain_anchor", 0L), Map.entry("copy_fresh.retention_policy", 1L),
                    Map.entry("copy_pruned.audit_log", 1L), Map.entry("copy_pruned.audit_chain_head", 1L),
                    Map.entry("copy_pruned.audit_chain_anchor", 1L), Map.entry("copy_pruned.retention_policy", 1L),
                    Map.entry("copy_emptied.audit_log", 1L), Map.entry("copy_emptied.audit_chain_head", 1L),
                    Map.entry("copy_emptied.audit_chain_anchor", 1L), Map.entry("copy_emptied.retention_policy", 1L),
                    Map.entry("copy_truncated.audit_log", 1L), Map.entry("copy_truncated.audit_chain_head", 0L),
                    Map.entry("copy_truncated.audit_chain_anchor", 0L), Map.entry("copy_truncated.retention_policy", 0L)));
        }
    }

    /**
     * Sequential scans of the tenants' tables counted by this session and not yet reported to the
     * server's statistics (a COPY of a table is one), by {@code slug.table}.
     */
    private static Map<String, Long> scans(Connection connection, List<Tenant> tenants, List<String> tables)
            throws SQLException {
        Map<String, Long> scans = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Tenant tenant : tenants) {
                for (String table : tables) {
                    try (ResultSet rs = statement.executeQuery("SELECT pg_stat_get_xact_numscans('org_" + tenant.slug() + "."
                            + table + "'::regclass)")) {
                        rs.next();
                        scans.put(tenant.slug() + "." + table, rs.getLong(1));
                    }
                }
            }
        }
        return scans;
    }

    @Test
    void problemsOfOneRowComeInTheTemplatesOrder() throws Exception {
        Tenant relinked = tampered("chain_order",
                "UPDATE S.audit_log SET prev_hash = sha256('x'::bytea) WHERE audit_id = 4");
        Tenant cut = tampered("chain_order_cut", "DELETE FROM S.audit_log WHERE audit_id = 1",
                "UPDATE S.audit_log SET prev_hash = NULL WHERE audit_id = 2");

        assertThat(chainProblems(relinked, admin())).isEqualTo("4: row was modified; 4: row before it was removed or modified");
        assertThat(chainProblems(cut, admin())).isEqualTo("2: row was modified; 2: oldest rows were removed outside pruning");
    }

    @Test
    void whatTheCopyCannotVouchForIsAnsweredByTheRegionFunction() throws Exception {
        Tenant plain = tampered("copy_plain", "UPDATE S.audit_log SET actor = 'mallory' WHERE audit_id = 2");
        Tenant endless = tampered("copy_infinity", "UPDATE S.audit_log SET occurred_at = 'infinity' WHERE audit_id = 2");
        Tenant heads = tampered("copy_two_heads", "ALTER TABLE S.audit_chain_head DROP CONSTRAINT audit_chain_head_pkey",
                "INSERT INTO S.audit_chain_head (singleton, last_audit_id, last_hash) VALUES (true, 1, NULL)");
        Tenant altered = tampered("copy_altered", "ALTER TABLE S.audit_log ALTER COLUMN record_id TYPE varchar(200)");
        Tenant headless = tampered("copy_headless", "DROP TABLE S.audit_chain_head");
        Tenant logless = tampered("copy_logless", "DROP TABLE S.audit_log CASCADE");
        Tenant inherited = tampered("copy_inherited", "CREATE TABLE S.audit_more () INHERITS (S.audit_log)",
                "INSERT INTO S.audit_more SELECT audit_id + 1000, org_id, occurred_at, actor, action, table_name, "
                        + "record_id, old_values, new_values, row_hash, row_hash FROM S.audit_log ORDER BY audit_id DESC LIMIT 1");
        Tenant unknown = new Tenant(UUID.randomUUID(), "copy_never_built", EU, plain.status(), plain.schemaVersion(),
                plain.frameworks(), plain.failureReason(), plain.attempts(), plain.createdAt(), plain.updatedAt());
        Tenant generated = tampered("copy_generated", "ALTER TABLE S.audit_log DROP COLUMN record_id",
                "ALTER TABLE S.audit_log ADD COLUMN record_id text GENERATED ALWAYS AS (actor) STORED");
        List<Tenant> tenants = List.of(plain, endless, heads, altered, headless, logless, inherited, generated, unknown);

        try (Connection connection = connections.dataSource(EU).getConnection()) {
            assertThat(TenantChecksByCopy.usable(connection)).as("the embedded regions' login copies").isTrue();
            Map<UUID, TenantChecks> function = RegionFacts.functionChecks(connection, tenants);
            Map<UUID, TenantChecks> copied = TenantChecksByCopy.read(connection, tenants, TenantChecksByCopy.MAX_AUDIT_ROWS);

            assertThat(copied).as("read by copy: a plain chain, and schemas without an audit log")
                    .containsOnlyKeys(plain.id(), logless.id(), unknown.id());
            copied.forEach((id, checks) -> assertThat(checks).isEqualTo(function.get(id)));
            assertThat(copied.get(plain.id()).chainProblems()).contains("2: row was modified");
            assertThat(copied.get(logless.id()).present()).isFalse();
            assertThat(function.get(endless.id()).chainProblems()).contains("2: row was modified");
            assertThat(function.get(headless.id()).chainProblems().orElseThrow()).startsWith("the chain could not be verified");
            assertThat(function.get(inherited.id()).chainProblems()).as("a COPY would not read the child's rows")
                    .hasValueSatisfying(p -> assertThat(p).contains("row was modified"));
            assertThat(TenantChecksByCopy.read(connection, List.of(plain), 2)).as("more rows than it keeps").isEmpty();

            connection.setAutoCommit(false);
            assertThat(RegionFacts.tenantChecks(connection, tenants)).isEqualTo(function);
            connection.rollback();
        }
    }

    @Test
    void tablesHoldingWhatTheTemplateNeverWritesAreAnsweredByTheRegionFunction() throws Exception {
        Tenant anchors = tampered("copy_two_anchors", "ALTER TABLE S.audit_chain_anchor DROP CONSTRAINT audit_chain_anchor_pkey",
                "INSERT INTO S.audit_chain_anchor VALUES (true, 0, '\\x00', 0, now()), (true, 0, '\\x00', 0, now())");
        Tenant nullHead = tampered("copy_null_head", "ALTER TABLE S.audit_chain_head ALTER COLUMN last_audit_id DROP NOT NULL",
                "UPDATE S.audit_chain_head SET last_audit_id = NULL");
        Tenant policies = tampered("copy_many_policies", "ALTER TABLE S.retention_policy DROP CONSTRAINT retention_policy_category_check",
                "ALTER TABLE S.retention_policy DISABLE TRIGGER USER",
                "INSERT INTO S.retention_policy (category, org_id, retention_days, jurisdictions) SELECT 'category_' || g, "
                        + "(SELECT org_id FROM S.organization), 30, '{}' FROM generate_series(1, "
                        + TenantChecksByCopy.MAX_POLICIES + ") g");
        Tenant plain = tampered("copy_plain_beside");
        List<Tenant> tenants = List.of(anchors, nullHead, policies, plain);

        try (Connection connection = admin()) {
            Map<UUID, TenantChecks> function = RegionFacts.functionChecks(connection, tenants);
            assertThat(TenantChecksByCopy.read(connection, tenants, TenantChecksByCopy.MAX_AUDIT_ROWS))
                    .as("two anchors, a head without its id, more policies than it keeps: left to the function")
                    .containsOnlyKeys(plain.id());
            assertThat(function.get(policies.id()).retention()).hasSizeGreaterThan(TenantChecksByCopy.MAX_POLICIES);
            connection.setAutoCommit(false);
            assertThat(RegionFacts.tenantChecks(connection, tenants)).isEqualTo(function);
            connection.rollback();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void chunksAreCheckedInTurnAndACopyFailingMidChunkLeavesThatChunkAndTheRestToTheFunction(CapturedOutput output)
            throws Exception {
        List<Tenant> tenants = List.of(tampered("chunk_one"), tampered("chunk_two", "UPDATE S.audit_log SET actor = 'mallory' "
                + "WHERE audit_id = 2"), tampered("chunk_three"), tampered("chunk_four"), tampered("chunk_five"));
        String fellBack = "copying the tenants' tables failed";
        Map<UUID, TenantChecks> function;
        try (Connection connection = admin()) {
            function = RegionFacts.functionChecks(connection, tenants);
            connection.setAutoCommit(false);
            assertThat(RegionFacts.tenantChecks(connection, tenants, 2)).isEqualTo(function);
            connection.rollback();
            assertThat(function.get(tenants.get(1).id()).chainProblems()).contains("2: row was modified");
            assertThat(output.getAll()).as("three chunks, each copied").doesNotContain(fellBack);
        }

        RegionSql sql = new RegionSql(connections);
        try (Connection login = sql.loginWith(EU, "chunk_checker", "BYPASSRLS")) {
            sql.admin(EU).sql("GRANT USAGE ON SCHEMA fleet TO chunk_checker").update();
            sql.admin(EU).sql("GRANT EXECUTE ON FUNCTION fleet.residency_tenant_checks(uuid[], text[]) TO chunk_checker")
                    .update();
            for (String slug : List.of("chunk_one", "chunk_two", "chunk_three", "chunk_four")) {
                sql.admin(EU).sql("GRANT USAGE ON SCHEMA org_" + slug + " TO chunk_checker").update();
            }
            for (String slug : List.of("chunk_one", "chunk_two", "chunk_three")) {
                sql.admin(EU).sql("GRANT SELECT ON ALL TABLES IN SCHEMA org_" + slug + " TO chunk_checker").update();
            }
            Tenant five = tenants.get(4);
            assertThat(TenantChecksByCopy.read(login, List.of(five), TenantChecksByCopy.MAX_AUDIT_ROWS))
                    .as("a schema without USAGE is left to the function, the chunk goes on").isEmpty();
            Tenant logless = tampered("chunk_logless", "DROP TABLE S.audit_log CASCADE");
            assertThat(TenantChecksByCopy.read(login, List.of(logless), TenantChecksByCopy.MAX_AUDIT_ROWS))
                    .as("no audit log, no USAGE: the function's answer too")
                    .isEqualTo(RegionFacts.functionChecks(login, List.of(logless)));

            login.setAutoCommit(false);
            // the second chunk is chunk_three (copied) then chunk_four (USAGE, but its tables not readable)
            Map<UUID, TenantChecks> checks = RegionFacts.tenantChecks(login, tenants, 2);
            login.rollback();
            login.setAutoCommit(true);
            assertThat(checks).isEqualTo(RegionFacts.functionChecks(login, tenants));
            assertThat(output.getAll()).as("the failure of chunk_four's copy, logged once")
                    .containsOnlyOnce(fellBack).contains("the region function checks the remaining 3 tenants");
            assertThat(checks.get(tenants.get(1).id()).chainProblems()).contains("2: row was modified");
            assertThat(checks.get(tenants.get(2).id())).isEqualTo(function.get(tenants.get(2).id()));
            assertThat(checks.get(tenants.get(3).id()).problem())
                    .hasValueSatisfying(p -> assertThat(p).contains("permission denied for table"));
            assertThat(checks.get(five.id()).problem()).contains("permission denied for schema org_chunk_five");
        }
    }

    @Test
    void aCopyThatFailsOnThisSideLeavesTheConnectionReady() throws Exception {
        try (Connection connection = admin()) {
            assertThatThrownBy(() -> BinaryCopy.rows(connection, "COPY (SELECT g FROM generate_series(1, 100000) g) TO STDOUT "
                    + "(FORMAT binary)", row -> {
                        throw new IllegalStateException("the handler failed");
                    })).isInstanceOf(SQLException.class).hasMessageContaining("the handler failed");
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the next statement reads its own answer").isEqualTo(42);
            }
        }
    }

    @Test
    void aTableTheLoginMayNotReadIsAnsweredByTheRegionFunction() throws Exception {
        Tenant tenant = tampered("copy_denied");
        try (Connection login = reportLogin("copy_checker", tenant)) {
            assertThat(TenantChecksByCopy.usable(login)).isTrue();
            assertThat(checksAfterAFailedCopy(login, tenant, "permission denied").problem())
                    .as("the function's answer, from a new transaction")
                    .hasValueSatisfying(p -> assertThat(p).contains("permission denied"));
        }
    }

    @Test
    void aTableWithoutPagesTheLoginMayNotReadIsCopiedAndLeftToTheRegionFunction() throws Exception {
        Tenant tenant = tampered("copy_anchor_denied");
        RegionSql sql = new RegionSql(connections);
        try (Connection login = reportLogin("anchor_checker", tenant)) {
            sql.admin(EU).sql("GRANT SELECT ON org_copy_anchor_denied.audit_log, org_copy_anchor_denied.audit_chain_head, "
                    + "org_copy_anchor_denied.retention_policy TO anchor_checker").update();
            assertThat(sql.count(EU, "SELECT pg_relation_size('org_copy_anchor_denied.audit_chain_anchor')")).isZero();
            assertThat(checksAfterAFailedCopy(login, tenant, "permission denied for table audit_chain_anchor").chainProblems())
                    .as("an empty anchor it may not read is not taken for an empty one: the function's answer")
                    .hasValueSatisfying(p -> assertThat(p).contains("permission denied for table audit_chain_anchor"));
        }
    }

    /** A BYPASSRLS login that may use the tenant's schema and call the region function, and read nothing. */
    private Connection reportLogin(String login, Tenant tenant) throws SQLException {
        RegionSql sql = new RegionSql(connections);
        Connection connection = sql.loginWith(EU, login, "BYPASSRLS");
        sql.admin(EU).sql("GRANT USAGE ON SCHEMA fleet, org_" + tenant.slug() + " TO " + login).update();
        sql.admin(EU).sql("GRANT EXECUTE ON FUNCTION fleet.residency_tenant_checks(uuid[], text[]) TO " + login).update();
        return connection;
    }

    /**
     * The tenant's copy fails on {@code login} with {@code failure}; the report's checks, which then
     * come from the function in a new transaction, are the function's.
     */
    private static TenantChecks checksAfterAFailedCopy(Connection login, Tenant tenant, String failure) throws SQLException {
        assertThatThrownBy(() -> TenantChecksByCopy.read(login, List.of(tenant), TenantChecksByCopy.MAX_AUDIT_ROWS))
                .isInstanceOf(SQLException.class).hasMessageContaining(failure);
        login.setAutoCommit(false);
        Map<UUID, TenantChecks> checks = RegionFacts.tenantChecks(login, List.of(tenant));
        login.rollback();
        assertThat(checks).isEqualTo(RegionFacts.functionChecks(login, List.of(tenant)));
        return checks.get(tenant.id());
    }

    @Test
    void timesAreWrittenAsTheServerWritesThem() throws Exception {
        try (Connection connection = connections.dataSource(EU).getConnection(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT (extract(epoch FROM t) * 1000000)::bigint - 946684800000000, "
                        + "to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM (VALUES "
                        + "(timestamptz '0001-01-01 00:00:00+00'), ('0999-12-31 23:59:59.999999+00'), ('1969-12-31 23:59:59.5+00'), "
                        + "('2000-01-01 00:00:00+00'), ('2026-11-30 19:52:36.000001+00'), ('9999-12-31 23:59:59.999999+00')) v(t)")) {
            int checked = 0;
            while (rows.next()) {
                assertThat(new String(AuditChain.utcText(rows.getLong(1)), StandardCharsets.US_ASCII))
                        .isEqualTo(rows.getString(2));
                checked++;
            }
            assertThat(checked).isEqualTo(6);
        }
        assertThat(AuditChain.utcText(Long.MAX_VALUE)).as("infinity").isNull();
        assertThat(AuditChain.utcText(Long.MIN_VALUE)).as("-infinity").isNull();
    }
    private Connection admin() throws SQLException {
        return connections.dataSource(EU).getConnection();
    }

    /** The region function's chain problems for the tenant, as a set, read on {@code connection} (closed after). */
    private static Set<String> region(Tenant tenant, Connection connection) throws SQLException {
        String problems = chainProblems(tenant, connection);
        return problems == null ? Set.of() : new TreeSet<>(Arrays.asList(problems.split("; ")));
    }

    /**
     * The region function's chain problems for the tenant as it returns them (the schema present and
     * read), on {@code connection} (closed after). Where the login bypasses row-level security, the
     * tenant's tables copied and checked in Java ({@link TenantChecksByCopy}, what a report uses
     * there) must give the function's answer in full.
     */
    private static String chainProblems(Tenant tenant, Connection connection) throws SQLException {
        try (connection) {
            TenantChecks checks = RegionFacts.functionChecks(connection, List.of(tenant)).get(tenant.id());
            assertThat(checks.present()).isTrue();
            assertThat(checks.problem()).isEmpty();
            if (TenantChecksByCopy.usable(connection)) {
                assertThat(TenantChecksByCopy.read(connection, List.of(tenant), TenantChecksByCopy.MAX_AUDIT_ROWS))
                        .as("the copied tables, checked here, say what the region function says")
                        .containsExactly(Map.entry(tenant.id(), checks));
            }
            return checks.chainProblems().orElse(null);
        }
    }

    /** Tenants as {@link #tampered} builds them, untampered, each with its two oldest audit rows pruned. */
    private List<Tenant> prunedByTwo(String... slugs) throws Exception {
        List<Tenant> tenants = new ArrayList<>();
        for (String slug : slugs) {
            Tenant tenant = tampered(slug);
            assertThat(prune(tenant, 2)).isEqualTo(2);
            tenants.add(tenant);
        }
        return tenants;
    }

    /** The tenant's own prune_audit_log(), acting for its organization as its owner: rows pruned. */
    private int prune(Tenant tenant, int rows) throws SQLException {
        SingleConnectionDataSource acting = new RegionSql(connections).actingFor(EU, tenant.id());
        try (Connection connection = acting.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE org_" + tenant.slug() + "_owner");
            try (ResultSet rs = statement.executeQuery("SELECT org_" + tenant.slug()
                    + ".prune_audit_log(now() + interval '1 day', " + rows + ")")) {
                rs.next();
                return rs.getInt(1);
            }
        } finally {
            acting.destroy();
        }
    }

    /** The tenant's own verify_audit_chain(), acting for its organization as its owner. */
    private Set<String> template(Tenant tenant) throws SQLException {
        SingleConnectionDataSource acting = new RegionSql(connections).actingFor(EU, tenant.id());
        try (Connection connection = acting.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE org_" + tenant.slug() + "_owner");
            Set<String> problems = new TreeSet<>();
            try (ResultSet rs = statement.executeQuery("SELECT audit_id || ': ' || problem FROM org_" + tenant.slug()
                    + ".verify_audit_chain() LIMIT 5")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            return problems;
        } finally {
            acting.destroy();
        }
    }
}
