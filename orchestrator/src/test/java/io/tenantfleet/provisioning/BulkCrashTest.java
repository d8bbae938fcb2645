package io.tenantfleet.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import io.tenantfleet.support.ChildControlPlane;
import io.tenantfleet.support.OwnFleet;
import io.tenantfleet.support.RegionSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code provision --file} is killed with SIGKILL in the middle of its run, in a process of its own,
 * as an operator's process dies; {@code provision resume} then provisions every row the run had not
 * finished, and nothing twice: each tenant has one TENANT_PROVISIONED entry in its region's ledger,
 * is ACTIVE, and its schema passes Flyway's own validate.
 */
@SpringBootTest(properties = {"orchestrator.embedded-fast=true", "orchestrator.connect-timeout-ms=1500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BulkCrashTest {

    private static final List<String> REGIONS = List.of("eu-central", "us-east", "japan-east");
    private static final int ROWS = 30;

    @Autowired
    BulkProvisioningService bulk;
    @Autowired
    RegionConnections connections;

    @Value("${orchestrator.tenant-template}")
    String templateLocations;
    @Value("${orchestrator.data-dir}")
    String dataDir;

    @DynamicPropertySource
    static void ownFleet(DynamicPropertyRegistry properties) throws IOException {
        OwnFleet.register(properties, "classpath:sql/tenant,");
    }

    @Test
    void aRunKilledMidwayAndResumedBuildsEveryTenantOnce() throws Exception {
        StringBuilder csv = new StringBuilder("slug,name,region,frameworks\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("crash_").append(i).append(",Crash ").append(i).append(',').append(REGIONS.get(i % 3)).append(",\n");
        }
        Path root = Path.of(dataDir).toAbsolutePath().getParent();
        Path file = Files.writeString(Files.createTempFile(root, "tenants", ".csv"), csv);
        connections.dataSource(RegionConnections.CONTROL_PLANE);
        REGIONS.forEach(connections::dataSource);

        Path output = Files.createTempFile(root, "bulk-child", ".txt");
        Process child = ChildControlPlane.start(connections, REGIONS, templateLocations, dataDir, output, "provision", "--file",
                file.toString());
        Map<String, Integer> seen;
        try {
            seen = waitForSomeBuilt(child, output);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        connections.dataSource(RegionConnections.CONTROL_PLANE);
        BulkProvisioningService.Report interrupted = bulk.status(Optional.empty());
        assertThat(interrupted.run().status()).as("killed at %s", seen).isEqualTo(RunStatus.RUNNING);
        assertThat(interrupted.rows()).as("killed at %s", seen).anySatisfy(r -> assertThat(r.open()).isTrue());

        BulkProvisioningService.Report resumed = bulk.resume(interrupted.run().id(), Workers.LOCAL);

        assertThat(resumed.run().status()).as(resumed.run().reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.rows()).hasSize(ROWS).allSatisfy(r -> assertThat(r.state()).isEqualTo(BulkRowState.PROVISIONED));
        RegionSql sql = new RegionSql(connections);
        for (int i = 0; i < ROWS; i++) {
            String region = REGIONS.get(i % 3);
            assertThat(sql.count(region, "SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = ? "
                    + "AND event = 'TENANT_PROVISIONED'", "crash_" + i)).as("crash_" + i + " built once").isEqualTo(1);
            assertThat(sql.count(RegionConnections.CONTROL_PLANE, "SELECT count(*) FROM tenant WHERE slug = ? "
                    + "AND status = 'ACTIVE'", "crash_" + i)).isEqualTo(1);
            RegionEndpoint endpoint = connections.endpoint(region);
            var validation = Flyway.configure().dataSource(new SimpleDriverDataSource(new org.postgresql.Driver(),
                    endpoint.url(), endpoint.driverProperties())).schemas("org_crash_" + i)
                    .locations(templateLocations.split(",")).load().validateWithResult();
            assertThat(validation.validationSuccessful).as("org_crash_%d: %s", i, validation.getAllErrorMessages()).isTrue();
        }
    }

    /** Waits, on the child's control plane, until some rows are provisioned while others are not; returns the rows by state then. */
    private Map<String, Integer> waitForSomeBuilt(Process child, Path output) throws Exception {
        ChildControlPlane childControl = new ChildControlPlane(connections);
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            Map<String, Integer> states = childControl.counts("SELECT state, count(*) FROM bulk_row "
                    + "WHERE run_id = (SELECT max(run_id) FROM bulk_run) GROUP BY state");
            int built = states.getOrDefault(BulkRowState.PROVISIONED, 0);
            if (built >= 2 && built < ROWS - 6) {
                return states;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child bulk run never got some rows built (alive: " + child.isAlive() + "):\n"
                + Files.readString(output));
    }
}
