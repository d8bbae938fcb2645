package io.tenantfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.residency.ResidencyService;
import io.tenantfleet.support.Chromium;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Health, metrics and the dashboard over real HTTP on serve's embedded regions: each needs
 * authentication and both roles may read it; health has one component per region (with its circuit
 * breaker) and the control plane; the Prometheus scrape has the fleet's meters; the dashboard is
 * rendered by headless Chromium with its sections and a screenshot under target/.
 */
class OperationsHttpTest extends ApiTestBase {

    @Autowired
    ProvisioningService provisioning;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    ResidencyService residency;

    @Test
    void healthMetricsAndDashboardNeedAuthenticationAndBothRolesReadThem() {
        for (String path : List.of("/", "/actuator/health", "/actuator/prometheus", "/actuator/health/regions")) {
            assertThat(call(null, "GET", path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(call(null, "GET", path, null, "Authorization", "Basic b3BzOndyb25n").statusCode()).as(path)
                    .isEqualTo(401);
            assertThat(get(AUDITOR, path).statusCode()).as(path).isEqualTo(200);
            assertThat(get(OPERATOR, path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(call(AUDITOR, "POST", "/actuator/health", "{}").statusCode()).isIn(403, 405);
    }

    @Test
    void healthHasEachRegionWithItsBreakerAndTheControlPlane() {
        JsonNode health = json(get(AUDITOR, "/actuator/health"));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        for (String region : List.of("eu-central", "us-east", "japan-east")) {
            JsonNode component = health.get("components").get("regions").get("components").get(region);
            assertThat(component.get("status").asString()).as(region).isEqualTo("UP");
            assertThat(component.get("details").get("circuit_breaker").asString()).isEqualTo("CLOSED");
        }
        assertThat(health.get("components").get("controlPlane").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void thePrometheusScrapeHasTheFleetsMeters() {
        provisioning.provision(ProvisionRequest.of("ops_scraped", "Ops Scraped", "us-east", List.of(), catalog));
        HttpResponse<String> scrape = get(AUDITOR, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("tenantfleet_provisioning_seconds_count{outcome=\"provisioned\"")
                .contains("tenantfleet_tenant_outcomes_total{job=\"provision\",outcome=\"provisioned\"")
                .contains("resilience4j_circuitbreaker_state{name=\"eu-central\",state=\"closed\"")
                .containsPattern(Pattern.compile("tenantfleet_tenants\\{region=\"us-east\",status=\"ACTIVE\"\\} [1-9]"))
                .doesNotContain("ops_scraped");
    }

    @Test
    void chromiumRendersTheDashboardWithItsSections() throws Exception {
        Chromium chromium = Chromium.required();
        provisioning.provision(ProvisionRequest.of("ops_dashboard", "Ops Dashboard", "eu-central", List.of(), catalog));
        residency.report(List.of(), Workers.LOCAL);
        HttpResponse<String> page = get(OPERATOR, "/");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'none'"));
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        String url = "http://" + OPERATOR + ":" + PASSWORD + "@localhost:" + port + "/";
        String dom = chromium.dom(url);
        assertThat(dom).contains("id=\"regions\"", "id=\"rollout\"", "id=\"residency\"");
        assertThat(Pattern.compile("class=\"region\" data-region=\"[a-z-]+\" data-health=\"UP\"").matcher(dom).results().count())
                .isEqualTo(3);
        assertThat(Pattern.compile("class=\"residency-region\"").matcher(dom).results().count()).isEqualTo(3);
        chromium.screenshot(url, Chromium.TARGET.resolve("dashboard.png"));
    }
}
