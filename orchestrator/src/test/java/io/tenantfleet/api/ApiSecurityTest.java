package io.tenantfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint group over real HTTP: 401 without or with wrong credentials, 403 for an auditor where it may not go. */
class ApiSecurityTest extends ApiTestBase {

    /** One call per endpoint group; {@code auditor}: whether an auditor may make it. */
    record Call(String group, String method, String path, String body, boolean auditor) {
    }

    static final List<Call> CALLS = List.of(
            new Call("tenants: onboard", "POST", "/api/tenants", "{}", false),
            new Call("tenants: list", "GET", "/api/tenants", null, true),
            new Call("tenants: show", "GET", "/api/tenants/no_such_org", null, true),
            new Call("credentials: issue", "POST", "/api/tenants/no_such_org/credentials", "{}", false),
            new Call("credentials: rotate", "POST", "/api/tenants/no_such_org/credentials/rotate", "{}", false),
            new Call("credentials: revoke", "DELETE", "/api/tenants/no_such_org/credentials", null, false),
            new Call("rollouts: plan", "GET", "/api/rollouts/plan", null, true),
            new Call("rollouts: apply", "POST", "/api/rollouts", "{}", false),
            new Call("rollouts: resume", "POST", "/api/rollouts/999999/resume", null, false),
            new Call("rollouts: show", "GET", "/api/rollouts/999999", null, true),
            new Call("drift", "GET", "/api/drift", null, true),
            new Call("retention: run", "POST", "/api/retention/runs", "{}", false),
            new Call("retention: resume", "POST", "/api/retention/runs/999999/resume", null, false),
            new Call("retention: show", "GET", "/api/retention/runs/999999", null, true),
            new Call("retention: policy", "GET", "/api/retention/policies/no_such_org", null, true),
            new Call("holds: list", "GET", "/api/holds", null, false),
            new Call("holds: place", "POST", "/api/tenants/no_such_org/holds", "{}", false),
            new Call("holds: remove", "DELETE", "/api/tenants/no_such_org/holds/x", null, false),
            new Call("erasure", "POST", "/api/tenants/no_such_org/erasures", "{}", false),
            new Call("sync: run", "POST", "/api/sync/runs", "{}", false),
            new Call("sync: resume", "POST", "/api/sync/runs/999999/resume", null, false),
            new Call("sync: show", "GET", "/api/sync/runs/999999", null, true),
            new Call("fleet view", "GET", "/api/fleet", null, true),
            new Call("residency: report", "POST", "/api/residency/reports", "{}", false),
            new Call("residency: status", "GET", "/api/residency/reports/999999/status", null, true),
            new Call("residency: document", "GET", "/api/residency/reports/999999?format=csv", null, true),
            new Call("openapi", "GET", "/v3/api-docs", null, true));

    @Test
    void refusesEveryGroupWithoutCredentials() {
        for (Call call : CALLS) {
            HttpResponse<String> response = call(null, call.method(), call.path(), call.body());
            assertThat(response.statusCode()).as(call.group()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(call.group()).hasValue("Basic realm=\"tenant-fleet\"");
            assertThat(response.headers().firstValue("Content-Type")).as(call.group()).hasValue("application/problem+json");
            assertThat(json(response).get(Problems.ERROR_CODE).asString()).as(call.group()).isEqualTo("INVALID_INPUT");
        }
    }

    @Test
    void refusesEveryGroupWithAWrongPassword() {
        for (Call call : CALLS) {
            HttpResponse<String> response = call(port, OPERATOR, "not-the-password", call.method(), call.path(), call.body());
            assertThat(response.statusCode()).as(call.group()).isEqualTo(401);
        }
    }

    @Test
    void auditorReadsButNeverChangesOrSeesCredentials() {
        for (Call call : CALLS) {
            HttpResponse<String> response = call(AUDITOR, call.method(), call.path(), call.body());
            if (call.auditor()) {
                assertThat(response.statusCode()).as(call.group() + ": " + response.body()).isNotIn(401, 403);
            } else {
                assertThat(response.statusCode()).as(call.group()).isEqualTo(403);
                assertThat(json(response).get("detail").asString()).as(call.group()).contains("operator role");
            }
        }
    }

    @Test
    void operatorPassesAuthorizationEverywhere() {
        for (Call call : CALLS) {
            if (call.method().equals("GET")) {
                assertThat(call(OPERATOR, call.method(), call.path(), call.body()).statusCode()).as(call.group())
                        .isNotIn(401, 403);
            }
        }
    }

    @Test
    void aChangeABrowserMarksAsCrossSiteIsRefusedEvenWithTheOperatorsCredentials() {
        for (Call call : CALLS) {
            if (!call.method().equals("GET")) {
                assertThat(call(OPERATOR, call.method(), call.path(), call.body(), "Sec-Fetch-Site", "cross-site")
                        .statusCode()).as(call.group()).isEqualTo(403);
                assertThat(call(OPERATOR, call.method(), call.path(), call.body(), "Origin", "https://evil.example")
                        .statusCode()).as(call.group()).isEqualTo(403);
            }
        }
        HttpResponse<String> refused = call(OPERATOR, "POST", "/api/sync/runs", null, "Sec-Fetch-Site", "same-site");
        assertThat(json(refused).get("detail").asString()).contains("another site");
        assertThat(call(OPERATOR, "GET", "/api/fleet", null, "Sec-Fetch-Site", "cross-site").statusCode())
                .as("reads are not refused").isEqualTo(200);
        assertThat(call(OPERATOR, "GET", "/api/tenants", null, "Origin", "http://localhost:" + port).statusCode())
                .isEqualTo(200);
    }
}
