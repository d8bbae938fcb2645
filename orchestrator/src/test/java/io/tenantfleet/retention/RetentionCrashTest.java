package io.tenantfleet.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.ChildControlPlane;
import io.tenantfleet.support.OwnFleet;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code retention run} is killed with SIGKILL in the middle of its purge, in a process of its
 * own, as an operator's process dies; {@code retention resume} then removes exactly what is past
 * each tenant's cut-offs, keeps everything before them and everything held, leaves every audit
 * chain verifying and one piece of evidence per tenant.
 */
@SpringBootTest(properties = {"orchestrator.embedded-fast=true", "orchestrator.connect-timeout-ms=1500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RetentionCrashTest {

    private static final List<String> REGIONS = List.of("eu-central", "us-east", "japan-east");
    private static final int USERS = 96;

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
    @Autowired
    RetentionWork work;

    @Value("${orchestrator.tenant-template}")
    String templateLocations;
    @Value("${orchestrator.data-dir}")
    String dataDir;

    @DynamicPropertySource
    static void ownFleet(DynamicPropertyRegistry properties) throws IOException {
        OwnFleet.register(properties, "classpath:sql/tenant,");
    }

    @Test
    void aRunKilledMidPurgeAndResumedRemovesExactlyWhatIsPastItsCutoffs() throws Exception {
        List<Tenant> tenants = seed("kill_", REGIONS, 3);
        Map<String, Map<String, Long>> expected = expectedRowsLeft(tenants);
        Path output = Files.createTempFile(Path.of(dataDir).toAbsolutePath().getParent(), "retention-child", ".txt");
        Process child = ChildControlPlane.start(connections, REGIONS, templateLocations, dataDir, output, "retention", "run",
                "--batch-size", "1", "--orgs", tenants.stream().map(Tenant::slug).collect(Collectors.joining(",")));
        Map<String, Integer> seen;
        try {
            seen = waitForPurging(child, output);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            connections.dataSource(RegionConnections.CONTROL_PLANE);
        }
        RetentionRun interrupted = retention.find(Optional.empty());
        assertThat(interrupted.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(retention.tenants(interrupted.id())).as("killed at %s", seen)
                .anySatisfy(t -> assertThat(t.state()).isNotEqualTo("done"));

        RetentionRun resumed = retention.resume(interrupted.id(), Workers.LOCAL);

        assertThat(resumed.status()).as(resumed.reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
        assertThat(retention.tenants(resumed.id())).hasSize(9).allSatisfy(t -> assertThat(t.state()).isEqualTo("done"));
        for (Tenant tenant : tenants) {
            assertThat(rowsLeft(tenant, expected.get(tenant.slug()).keySet())).as(tenant.slug())
                    .isEqualTo(expected.get(tenant.slug()));
            assertThat(users(tenant)).as(tenant.slug()).isEqualTo(usersKept(held(tenant)));
            assertOneEvidenceAndAVerifyingChain(tenant, resumed.id());
        }
        assertThat(dryRun.preview(options(tenants))).as("nothing past its cut-off is left").allSatisfy(p -> assertThat(
                p.result().orElseThrow().removed() + p.result().orElseThrow().anonymized()).isZero());
    }

    @Test
    void aTenantStoppedAfterItsEvidenceIsNeitherPurgedNorRecordedTwice() throws Exception {
        List<Tenant> tenants = seed("late_", List.of("eu-central"), 1);
        RetentionRun run = retention.run(options(tenants)).orElseThrow();
        RetentionTenant finished = retention.tenants(run.id()).get(0);
        assertThat(finished.removed()).isPositive();
        JdbcClient control = JdbcClient.create(connections.dataSource(RegionConnections.CONTROL_PLANE));
        // as if the process died between the tenant's evidence and the control plane's record of it
        control.sql("UPDATE retention_tenant SET state = 'purging', removed = 0, held = 0 WHERE run_id = ?").param(run.id())
                .update();

        control.sql("UPDATE retention_run SET status = 'RUNNING' WHERE run_id = ?").param(run.id()).update();
        assertThat(retention.progressOfRunning()).contains("retention " + run.id() + ": 0/1 tenants done, 0 rows removed");

        // its partition runs again, as a restarted job runs a partition that did not complete
        work.run(new FleetPartition(RetentionWork.KIND, run.id(), 0, "eu-central", 0, 1));

        assertThat(retention.progressOfRunning()).contains("retention " + run.id() + ": 1/1 tenants done, "
                + (finished.removed() + finished.anonymized() + finished.pruned()) + " rows removed");
        control.sql("UPDATE retention_run SET status = 'COMPLETED' WHERE run_id = ?").param(run.id()).update();

        RetentionTenant recorded = retention.tenants(run.id()).get(0);
        assertThat(recorded.state()).isEqualTo("done");
        assertThat(recorded.removed()).isEqualTo(finished.removed());
        assertThat(recorded.held()).isEqualTo(finished.held());
        assertOneEvidenceAndAVerifyingChain(tenants.get(0), run.id());
    }

    /** Tenants in each region, {@code USERS} sample users each; the first of each region holds one. */
    private List<Tenant> seed(String prefix, List<String> regions, int perRegion) throws SQLException {
        List<Tenant> tenants = new ArrayList<>();
        for (String region : regions) {
            for (int i = 1; i <= perRegion; i++) {
                String slug = prefix + region.substring(0, 2) + i;
                provisioning.provision(ProvisionRequest.of(slug, "Org " + slug, region, List.of(), catalog));
                Tenant tenant = registry.find(slug).orElseThrow();
                try (Connection connection = connections.dataSource(region).getConnection()) {
                    SampleData.seed(connection, new TenantSlug(slug), tenant.id(), keys.unwrap(connection, tenant.id()),
                            Instant.now(), USERS, i == 1);
                }
                tenants.add(tenant);
            }
        }
        return tenants;
    }

    private static boolean held(Tenant tenant) {
        return tenant.slug().endsWith("1");
    }

    /**
     * Per tenant and purged table, the rows that must be left: those there now less those past
     * their cut-off (anonymized rows stay), as the dry run counts them.
     */
    private Map<String, Map<String, Long>> expectedRowsLeft(List<Tenant> tenants) {
        Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
        for (RetentionDryRun.TenantPreview preview : dryRun.preview(options(tenants))) {
            Tenant tenant = preview.tenant();
            List<TableCounts> tables = preview.result().orElseThrow().tables();
            Map<String, Long> now = rowsLeft(tenant, tables.stream().map(TableCounts::table).toList());
            Map<String, Long> left = new LinkedHashMap<>();
            tables.forEach(t -> left.put(t.table(), now.get(t.table()) - t.removed()));
            assertThat(tables.stream().mapToLong(TableCounts::removed).sum()).as(tenant.slug()).isGreaterThan(USERS);
            expected.put(tenant.slug(), left);
        }
        return expected;
    }

    private static RetentionOptions options(List<Tenant> tenants) {
        return new RetentionOptions(List.of(), tenants.stream().map(Tenant::slug).toList(), 1, Optional.empty(), 1,
                Workers.LOCAL);
    }

    private Map<String, Long> rowsLeft(Tenant tenant, java.util.Collection<String> tables) {
        JdbcClient admin = new RegionSql(connections).admin(tenant.homeRegion());
        return tables.stream().collect(Collectors.toMap(t -> t, t -> admin.sql("SELECT count(*) FROM org_" + tenant.slug()
                + "." + t).query(Long.class).single(), (a, b) -> a, LinkedHashMap::new));
    }

    /** The users SampleData keeps: active lately (i % 4 == 0), soft-deleted within the grace (3), and the held one. */
    private static List<Integer> usersKept(boolean held) {
        return IntStream.range(0, USERS).filter(i -> i % 4 == 0 || i % 4 == 3 || (held && i == 1)).boxed().toList();
    }

    /** Users left, by e-mail number (user{i}@...), read with the tenant's data key. */
    private List<Integer> users(Tenant tenant) throws Exception {
        try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(tenant.homeRegion(), tenant.id());
                Connection connection = acting.getConnection()) {
            JdbcClient sql = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            sql.sql("SELECT set_config('app.data_key', ?, false)").param(keys.unwrap(connection, tenant.id()))
                    .query(String.class).single();
            return sql.sql("SELECT substring(org_" + tenant.slug() + ".pii_decrypt(email_cipher) from 'user([0-9]+)@')::int "
                    + "FROM org_" + tenant.slug() + ".users ORDER BY 1").query(Integer.class).list();
        }
    }

    private void assertOneEvidenceAndAVerifyingChain(Tenant tenant, long runId) throws SQLException {
        try (SingleConnectionDataSource acting = new RegionSql(connections).actingFor(tenant.homeRegion(), tenant.id())) {
            JdbcClient sql = JdbcClient.create(acting);
            assertThat(sql.sql("SELECT problem FROM org_" + tenant.slug() + ".verify_audit_chain()").query(String.class)
                    .list()).as("audit chain of " + tenant.slug()).isEmpty();
            assertThat(sql.sql("SELECT count(*) FROM org_" + tenant.slug() + ".audit_log WHERE action = 'RETENTION_PURGE'")
                    .query(Long.class).single()).as("evidence in the chain of " + tenant.slug()).isEqualTo(1);
        }
        assertThat(new RegionSql(connections).admin(tenant.homeRegion()).sql("SELECT count(*) FROM fleet.residency_ledger "
                + "WHERE event = 'RETENTION_PURGE' AND tenant_id = ? AND detail ->> 'run_id' = ?").param(tenant.id())
                .param(String.valueOf(runId)).query(Long.class).single()).as("ledger evidence of " + tenant.slug())
                .isEqualTo(1);
    }

    /**
     * Waits, on the child's control plane, until some tenant is being purged or done while others
     * are not; returns the tenants by state then.
     */
    private Map<String, Integer> waitForPurging(Process child, Path output) throws Exception {
        ChildControlPlane childControl = new ChildControlPlane(connections);
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            Map<String, Integer> states = childControl.counts("SELECT state, count(*) FROM retention_tenant "
                    + "WHERE run_id = (SELECT max(run_id) FROM retention_run) GROUP BY state");
            int started = states.getOrDefault("purging", 0) + states.getOrDefault("done", 0);
            if (states.getOrDefault("purging", 0) > 0 && started < 9 && started >= 2) {
                return states;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child retention run never got to purging (alive: " + child.isAlive() + "):\n"
                + Files.readString(output));
    }
}
