package io.tenantfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bulk onboarding over HTTP: one request with good and bad organizations answers 202 with the run's
 * location; the bad one is recorded with its position and field, the good ones are provisioned; the
 * same request again builds nothing twice; only operators may call it, auditors may read the run.
 */
class BulkApiTest extends ApiTestBase {

    private static final String BODY = """
            {"tenants": [
              {"org": "bulk_api_one", "name": "Bulk One", "region": "eu-central"},
              {"org": "Bad Slug!", "name": "Bad", "region": "eu-central"},
              {"org": "bulk_api_two", "name": "Bulk Two; DROP TABLE tenant", "region": "japan-east", "frameworks": []}
            ]}""";

    @Test
    void oneRequestOnboardsTheGoodRowsAndReportsTheBadOneWithItsPosition() throws Exception {
        assertThat(call(null, "POST", "/api/tenants/bulk", BODY).statusCode()).isEqualTo(401);
        assertThat(call(AUDITOR, "POST", "/api/tenants/bulk", BODY).statusCode()).isEqualTo(403);

        HttpResponse<String> accepted = call(OPERATOR, "POST", "/api/tenants/bulk", BODY);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/provisioning/runs/");

        JsonNode run = poll(location, body -> body.get("run").get("status").asString().equals("COMPLETED"));
        assertThat(run.get("regions").get("eu-central").get("provisioned").asInt()).isEqualTo(1);
        assertThat(run.get("regions").get("japan-east").get("provisioned").asInt()).isEqualTo(1);
        JsonNode bad = run.get("rows").valueStream().filter(r -> r.get("line").asInt() == 2).findFirst().orElseThrow();
        assertThat(bad.get("state").asString()).isEqualTo("invalid");
        assertThat(bad.get("error").asString()).contains("Bad Slug!");
        assertThat(run.toString()).doesNotContain("Bulk One").doesNotContain("DROP TABLE");
        assertThat(json(get(OPERATOR, "/api/tenants/bulk_api_two")).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(get(AUDITOR, location).statusCode()).isEqualTo(200);

        HttpResponse<String> again = call(OPERATOR, "POST", "/api/tenants/bulk", BODY);
        assertThat(again.statusCode()).isEqualTo(202);
        JsonNode second = poll(again.headers().firstValue("Location").orElseThrow(),
                body -> body.get("run").get("status").asString().equals("COMPLETED"));
        assertThat(second.get("regions").get("eu-central").get("present").asInt()).isEqualTo(1);
        assertThat(second.get("regions").get("eu-central").get("provisioned").asInt()).isZero();
        assertThat(get(OPERATOR, "/api/provisioning/runs/999999").statusCode()).isEqualTo(404);
    }
}
