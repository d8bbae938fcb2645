package io.tenantfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.OrchestratorApplication;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionEndpoint;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve} shut down (its context closed, as SIGTERM does) while a sync it started is still
 * running: the run is left in the control plane as it stopped, never recorded as done, and the next
 * {@code serve} on the same data directory resumes it to completion.
 */
class ServeShutdownTest {

    @Test
    void aSyncRunningAtShutdownIsLeftRestartableAndTheNextServeResumesIt() throws Exception {
        String dir = "--orchestrator.data-dir=target/test-fleet/" + UUID.randomUUID();
        ConfigurableApplicationContext first = serve(dir);
        long runId;
        RegionEndpoint japan = first.getBean(RegionConnections.class).endpoint("japan-east");
        first.getBean(io.tenantfleet.region.RegionGuard.class).call("japan-east", connection -> null); // baseline applied
        // a destination table locked by the test, on a connection of its own, keeps the run waiting
        Connection locker = DriverManager.getConnection(japan.url(), japan.driverProperties());
        try (Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE fleet.cross_region_metadata IN ACCESS EXCLUSIVE MODE");
            HttpResponse<String> started = ApiTestBase.call(port(first), ApiTestBase.OPERATOR, ApiTestBase.PASSWORD, "POST",
                    "/api/sync/runs", "{}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            runId = ApiTestBase.json(started).get("run_id").asLong();
            first.close(); // graceful shutdown: the job gets its 1 s, then the servers stop under it
        } finally {
            try {
                locker.close();
            } catch (SQLException e) {
                // the server went away with the first serve
            }
        }

        ConfigurableApplicationContext second = serve(dir);
        try {
            int port = port(second);
            String location = "/api/sync/runs/" + runId;
            JsonNode left = ApiTestBase.json(ApiTestBase.call(port, ApiTestBase.OPERATOR, ApiTestBase.PASSWORD, "GET", location,
                    null));
            assertThat(left.get("run").get("status").asString()).as("left as it stopped: %s", left)
                    .isNotEqualTo("COMPLETED");
            HttpResponse<String> resumed = ApiTestBase.call(port, ApiTestBase.OPERATOR, ApiTestBase.PASSWORD, "POST",
                    location + "/resume", null);
            assertThat(resumed.statusCode()).as(resumed.body()).isIn(200, 202);
            JsonNode done = ApiTestBase.poll(port, location, r -> !r.get("run").get("status").asString().equals("RUNNING"));
            assertThat(done.get("run").get("status").asString()).as("%s", done).isEqualTo("COMPLETED");
            assertThat(done.get("transfers")).isNotEmpty().allSatisfy(t -> assertThat(t.get("state").asString())
                    .isIn("sent", "forbidden"));
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext serve(String dir) {
        return new SpringApplicationBuilder(OrchestratorApplication.class).web(WebApplicationType.SERVLET).run(dir,
                "--" + ApiUsers.VARIABLE + "=" + ApiTestBase.users(), "--spring.main.web-application-type=servlet",
                "--server.port=0", "--orchestrator.embedded-fast=true", "--orchestrator.connect-timeout-ms=1500",
                "--orchestrator.api.shutdown-wait-s=1");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
