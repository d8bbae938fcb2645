package io.tenantfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.OrchestratorApplication;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.TenantRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two {@code serve} instances on one control plane (and the same embedded servers): a job started on
 * both runs once, and either shows and resumes what the other started.
 */
class TwoInstancesTest {

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static int a;
    static int b;

    @BeforeAll
    static void start() {
        String dir = "--orchestrator.data-dir=target/test-fleet/" + UUID.randomUUID();
        String users = "--" + ApiUsers.VARIABLE + "=" + ApiTestBase.users();
        first = instance(dir, users);
        second = instance(dir, users);
        a = port(first);
        b = port(second);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void onboardsOnceWhenTheSameRequestReachesBothInstances() throws Exception {
        String body = "{\"org\":\"twin_co\",\"name\":\"Twin Co\",\"region\":\"us-east\"}";
        String key = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> post(a, "/api/tenants", body,
                "Idempotency-Key", key));
        CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> post(b, "/api/tenants", body,
                "Idempotency-Key", key));
        assertThat(List.of(onA.get().statusCode(), onB.get().statusCode())).containsOnly(202);
        JsonNode onOther = ApiTestBase.poll(b, "/api/tenants/twin_co", t -> t.get("status").asString().equals("ACTIVE"));
        assertThat(onOther.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.getBean(TenantRegistry.class).list(java.util.Optional.empty()).stream()
                .filter(t -> t.slug().equals("twin_co"))).hasSize(1);
    }

    @Test
    void refusesASecondSyncWhileTheOtherInstanceRunsOneAndShowsAndResumesItsRun() throws Exception {
        HttpResponse<String> started;
        String refused;
        String refusedResume;
        first.getBean(RegionGuard.class).call("eu-central", connection -> null);  // its baseline applied
        // a destination table locked by the test keeps the first instance's run RUNNING (and its lock held)
        try (Connection region = first.getBean(RegionConnections.class).dataSource("eu-central").getConnection();
                Statement statement = region.createStatement()) {
            region.setAutoCommit(false);
            statement.execute("LOCK TABLE fleet.cross_region_metadata IN ACCESS EXCLUSIVE MODE");
            started = post(a, "/api/sync/runs", "{}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            HttpResponse<String> again = post(b, "/api/sync/runs", "{}");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            refused = ApiTestBase.json(again).get("detail").asString();
            String location = started.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> resume = post(b, location + "/resume", null);
            assertThat(resume.statusCode()).isEqualTo(409);
            refusedResume = ApiTestBase.json(resume).get(Problems.ERROR_CODE).asString();
            assertThat(ApiTestBase.json(get(b, location)).get("run").get("status").asString()).isEqualTo("RUNNING");
            region.rollback();
        }
        long runId = ApiTestBase.json(started).get("run_id").asLong();
        assertThat(refused).startsWith("another sync is running: run " + runId);
        assertThat(refusedResume).isEqualTo("CONFLICT");
        String location = "/api/sync/runs/" + runId;
        JsonNode done = ApiTestBase.poll(b, location, r -> !r.get("run").get("status").asString().equals("RUNNING"));
        assertThat(done.get("run").get("status").asString()).isEqualTo("COMPLETED");
        HttpResponse<String> resumedDone = post(b, location + "/resume", null);
        assertThat(resumedDone.statusCode()).isEqualTo(200);
        assertThat(ApiTestBase.json(resumedDone).get("id").asLong()).isEqualTo(runId);
    }

    @Test
    void rendersOnOneInstanceTheReportTheOtherMade() throws Exception {
        HttpResponse<String> made = post(a, "/api/residency/reports", "{}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(202);
        JsonNode status = ApiTestBase.poll(b, made.headers().firstValue("Location").orElseThrow(),
                s -> s.get("report_ready").asBoolean());
        HttpResponse<String> csv = get(b, status.get("report").asString() + "?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).isNotBlank();
    }

    private static ConfigurableApplicationContext instance(String... arguments) {
        List<String> all = new java.util.ArrayList<>(List.of(arguments));
        all.addAll(List.of("--spring.main.web-application-type=servlet", "--server.port=0",
                "--orchestrator.embedded-fast=true", "--orchestrator.connect-timeout-ms=1500"));
        return new SpringApplicationBuilder(OrchestratorApplication.class).web(WebApplicationType.SERVLET)
                .run(all.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpResponse<String> post(int port, String path, String body, String... headers) {
        return ApiTestBase.call(port, ApiTestBase.OPERATOR, ApiTestBase.PASSWORD, "POST", path, body, headers);
    }

    private static HttpResponse<String> get(int port, String path) {
        return ApiTestBase.call(port, ApiTestBase.OPERATOR, ApiTestBase.PASSWORD, "GET", path, null);
    }
}
