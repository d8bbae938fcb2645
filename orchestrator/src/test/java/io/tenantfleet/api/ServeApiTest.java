package io.tenantfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The API's behaviour over real HTTP on real PostgreSQL: onboarding, problems, credentials, holds, erasure, runs, reports. */
class ServeApiTest extends ApiTestBase {

    @Autowired
    TenantRegistry registry;
    @Autowired
    @Qualifier(ControlPlaneConfiguration.JDBC)
    JdbcClient controlPlane;
    @Autowired
    RegionCatalog catalog;

    @Test
    void onboardsOncePerIdempotencyKeyAndRefusesTheKeyForAnotherBody() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"org\":\"api_idem_co\",\"name\":\"Idem Co\",\"region\":\"eu-central\"}";
        HttpResponse<String> first = call(OPERATOR, "POST", "/api/tenants", body, "Idempotency-Key", key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Location")).hasValue("/api/tenants/api_idem_co");
        HttpResponse<String> repeat = call(OPERATOR, "POST", "/api/tenants", body, "Idempotency-Key", key);
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(repeat.headers().firstValue("Location")).hasValue("/api/tenants/api_idem_co");

        JsonNode tenant = poll("/api/tenants/api_idem_co", t -> t.get("status").asString().equals("ACTIVE"));
        assertThat(tenant.get("version").asString()).isNotBlank();
        assertThat(tenant.toString()).doesNotContain("Idem Co");
        HttpResponse<String> after = call(OPERATOR, "POST", "/api/tenants", body, "Idempotency-Key", key);
        assertThat(json(after).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(registry.find("api_idem_co").orElseThrow().attempts()).isEqualTo(1);

        HttpResponse<String> other = call(OPERATOR, "POST", "/api/tenants",
                "{\"org\":\"api_other_co\",\"name\":\"Other\",\"region\":\"eu-central\"}", "Idempotency-Key", key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("detail").asString()).contains("Idempotency-Key was already used");
        assertThat(registry.find("api_other_co")).isEmpty();
        assertThat(get(OPERATOR, "/api/tenants").body()).contains("api_idem_co");
    }

    @Test
    void keepsKeyedDigestsOfRequestsAndStillKnowsThoseRecordedWithPlainOnes() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"org\":\"api_digest_co\",\"name\":\"Digest Co\",\"region\":\"eu-central\"}";
        assertThat(call(OPERATOR, "POST", "/api/tenants", body, "Idempotency-Key", key).statusCode()).isEqualTo(202);
        List<String> digests = controlPlane.sql("SELECT key_digest || ' ' || request_digest FROM api_request WHERE slug = ?")
                .param("api_digest_co").query(String.class).list();
        assertThat(digests).singleElement().asString().matches("h1:[0-9a-f]{64} h1:[0-9a-f]{64}")
                .doesNotContain(sha256(key)).doesNotContain(sha256(plainText("api_digest_co", "Digest Co")));

        String olderKey = UUID.randomUUID().toString();
        controlPlane.sql("INSERT INTO api_request (key_digest, request_digest, slug) VALUES (?, ?, ?)").param(sha256(olderKey))
                .param(sha256(plainText("api_older_co", "Older Co"))).param("api_older_co").update();
        HttpResponse<String> other = call(OPERATOR, "POST", "/api/tenants",
                "{\"org\":\"api_elsewhere_co\",\"name\":\"Older Co\",\"region\":\"eu-central\"}", "Idempotency-Key", olderKey);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        assertThat(json(other).get("detail").asString()).contains("organization api_older_co");
        HttpResponse<String> repeat = call(OPERATOR, "POST", "/api/tenants",
                "{\"org\":\"api_older_co\",\"name\":\"Older Co\",\"region\":\"eu-central\"}", "Idempotency-Key", olderKey);
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(202);
        poll("/api/tenants/api_older_co", t -> t.get("status").asString().equals("ACTIVE"));
        assertThat(controlPlane.sql("SELECT key_digest || ' ' || request_digest FROM api_request WHERE slug = 'api_older_co'")
                .query(String.class).list()).as("the older row answered the repeat (no second row) and is keyed now")
                .singleElement().asString().matches("h1:[0-9a-f]{64} h1:[0-9a-f]{64}");
    }

    /** What a request's plain digest covered before control plane V15: slug, name, region, frameworks. */
    private String plainText(String org, String name) {
        ProvisionRequest request = ProvisionRequest.of(org, name, "eu-central", List.of(), catalog);
        return String.join("\n", org, name, "eu-central", String.join(",", request.frameworks().stream().sorted().toList()));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void failuresAreProblemsWithTheCliCodeAndLineAndNoStackTrace() {
        String cliLine;
        try {
            new TenantSlug("Bad-Slug");
            throw new AssertionError("the slug was accepted");
        } catch (OrchestratorException e) {
            cliLine = e.getMessage();
        }
        HttpResponse<String> bad = call(OPERATOR, "POST", "/api/tenants",
                "{\"org\":\"Bad-Slug\",\"name\":\"X\",\"region\":\"eu-central\"}", "Idempotency-Key", "k1");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get(Problems.ERROR_CODE).asString()).isEqualTo("INVALID_INPUT");
        assertThat(json(bad).get("detail").asString()).isEqualTo(cliLine);

        HttpResponse<String> noKey = call(OPERATOR, "POST", "/api/tenants", "{\"org\":\"abc\"}");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).get(Problems.ERROR_CODE).asString()).isEqualTo("INVALID_INPUT");
        HttpResponse<String> unreadable = call(OPERATOR, "POST", "/api/tenants", "{not json", "Idempotency-Key", "k2");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body()).doesNotContain("at io.", "at org.", "Exception");

        assertThat(get(OPERATOR, "/api/tenants/no_such_org").statusCode()).isEqualTo(404);
        assertThat(get(OPERATOR, "/api/rollouts/999999").statusCode()).isEqualTo(404);
        assertThat(get(OPERATOR, "/api/sync/runs/999999").statusCode()).isEqualTo(404);
        assertThat(get(OPERATOR, "/api/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> region = get(OPERATOR, "/api/tenants?region=mars");
        assertThat(region.statusCode()).isEqualTo(400);
        assertThat(json(region).get("detail").asString()).contains("mars");
    }

    @Test
    void issuesRotatesAndRevokesLoginsOnceShown() throws Exception {
        onboard("api_cred_co");
        HttpResponse<String> issued = call(OPERATOR, "POST", "/api/tenants/api_cred_co/credentials", "{}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(issued).get("password").asString()).hasSize(43);
        String first = json(issued).get("login").asString();
        HttpResponse<String> rotated = call(OPERATOR, "POST", "/api/tenants/api_cred_co/credentials/rotate",
                "{\"grace\":\"1h\",\"withDataKey\":true}");
        assertThat(json(rotated).get("expiring").toString()).contains(first);
        assertThat(json(rotated).get("data_key").asString()).hasSize(64);
        assertThat(call(OPERATOR, "POST", "/api/tenants/api_cred_co/credentials/rotate", "{\"grace\":\"90d\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> revoked = call(OPERATOR, "DELETE", "/api/tenants/api_cred_co/credentials/" + first, null);
        assertThat(json(revoked).get("revoked").toString()).contains(first);
        assertThat(call(OPERATOR, "DELETE", "/api/tenants/api_cred_co/credentials", null).statusCode()).isEqualTo(200);
    }

    @Test
    void placesListsAndReleasesHoldsAndErasesWithoutEchoingTheSubject() throws Exception {
        onboard("api_hold_co");
        HttpResponse<String> placed = call(OPERATOR, "POST", "/api/tenants/api_hold_co/holds",
                "{\"table\":\"users\",\"reason\":\"litigation 2026-1\"}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = json(placed).get("id").asString();
        assertThat(get(OPERATOR, "/api/holds?org=api_hold_co").body()).contains(id);
        HttpResponse<String> released = call(OPERATOR, "DELETE", "/api/tenants/api_hold_co/holds/" + id, null);
        assertThat(json(released).get("changed").asBoolean()).isTrue();
        assertThat(call(OPERATOR, "POST", "/api/tenants/api_hold_co/holds", "{\"reason\":\"\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> erased = call(OPERATOR, "POST", "/api/tenants/api_hold_co/erasures",
                "{\"subject\":\"nobody@example.com\",\"dryRun\":true}");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(json(erased).get("subjects").asInt()).isZero();
        assertThat(erased.body()).doesNotContain("nobody@example.com");
    }

    @Test
    void runsSyncAndResidencyAsynchronouslyAndRendersTheReportInEveryFormat() throws Exception {
        onboard("api_run_co");
        HttpResponse<String> sync = call(OPERATOR, "POST", "/api/sync/runs", "{}");
        assertThat(sync.statusCode()).as(sync.body()).isIn(202, 409);
        if (sync.statusCode() == 202) {
            String location = sync.headers().firstValue("Location").orElseThrow();
            JsonNode run = poll(location, r -> !r.get("run").get("status").asString().equals("RUNNING"));
            assertThat(run.get("run").get("status").asString()).isEqualTo("COMPLETED");
            assertThat(run.get("transfers").size()).isPositive();
        }
        assertThat(get(AUDITOR, "/api/fleet").statusCode()).isEqualTo(200);

        HttpResponse<String> report = call(OPERATOR, "POST", "/api/residency/reports", "{}");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        String status = report.headers().firstValue("Location").orElseThrow();
        JsonNode done = poll(status, s -> s.get("report_ready").asBoolean());
        String document = done.get("report").asString();
        assertThat(get(AUDITOR, document).headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(get(AUDITOR, document + "?format=csv").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/csv");
        assertThat(get(AUDITOR, document + "?format=text").body()).isNotBlank();
        HttpResponse<String> html = call(AUDITOR, "GET", document, null, "Accept", "text/html");
        assertThat(html.body()).startsWith("<!DOCTYPE html>");
        assertThat(get(AUDITOR, document + "?format=pdf").statusCode()).isEqualTo(400);
    }

    @Test
    void retentionAndRolloutsAnswerWithARunOrNothingToDo() throws Exception {
        onboard("api_ret_co");
        HttpResponse<String> retention = call(OPERATOR, "POST", "/api/retention/runs", "{\"orgs\":[\"api_ret_co\"]}");
        assertThat(retention.statusCode()).as(retention.body()).isEqualTo(202);
        JsonNode run = poll(retention.headers().firstValue("Location").orElseThrow(),
                r -> !r.get("run").get("status").asString().equals("RUNNING"));
        assertThat(run.get("tenants").get(0).get("slug").asString()).isEqualTo("api_ret_co");
        long id = run.get("run").get("id").asLong();
        assertThat(call(OPERATOR, "POST", "/api/retention/runs/" + id + "/resume", null).statusCode()).isEqualTo(200);
        assertThat(get(AUDITOR, "/api/retention/policies/api_ret_co").statusCode()).isEqualTo(200);

        assertThat(get(AUDITOR, "/api/rollouts/plan").statusCode()).isEqualTo(200);
        HttpResponse<String> apply = call(OPERATOR, "POST", "/api/rollouts", "{\"regions\":[\"eu-central\"]}");
        assertThat(apply.statusCode()).as(apply.body()).isIn(200, 202);
        assertThat(call(OPERATOR, "POST", "/api/rollouts", "{\"batchSize\":0}").statusCode()).isEqualTo(400);
        assertThat(json(get(AUDITOR, "/api/drift")).get("drifted").asInt()).isZero();
    }

    private void onboard(String org) throws InterruptedException {
        HttpResponse<String> response = call(OPERATOR, "POST", "/api/tenants", "{\"org\":\"" + org + "\",\"name\":\"Org "
                + org + "\",\"region\":\"eu-central\"}", "Idempotency-Key", "onboard-" + org);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        poll("/api/tenants/" + org, t -> Optional.ofNullable(t.get("status")).map(JsonNode::asString).orElse("")
                .equals("ACTIVE"));
    }
}
