package io.tenantfleet.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API served on a random port over real HTTP, on the local catalog's embedded PostgreSQL servers
 * (a fresh data directory), with an operator and an auditor from {@link ApiUsers#VARIABLE}. Classes
 * extending it share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.web-application-type=servlet",
        "orchestrator.data-dir=target/test-fleet/${random.uuid}",
        "orchestrator.embedded-fast=true",
        "orchestrator.connect-timeout-ms=1500"})
abstract class ApiTestBase {

    static final String OPERATOR = "ops";
    static final String AUDITOR = "audit";
    static final String PASSWORD = "test-only-password-1";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry properties) {
        properties.add(ApiUsers.VARIABLE, () -> users());
    }

    /** An operator and an auditor with the test password, hashed as the variable holds them. */
    static String users() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        return OPERATOR + ":operator:{bcrypt}" + bcrypt.encode(PASSWORD) + " " + AUDITOR + ":auditor:{bcrypt}"
                + bcrypt.encode(PASSWORD);
    }

    HttpResponse<String> call(String user, String method, String path, String body, String... headers) {
        return call(port, user, PASSWORD, method, path, body, headers);
    }

    static HttpResponse<String> call(int port, String user, String password, String method, String path, String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String user, String path) {
        return call(user, "GET", path, null);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** GETs {@code path} as the operator until {@code done} holds for its JSON (at most two minutes). */
    JsonNode poll(String path, Predicate<JsonNode> done) throws InterruptedException {
        return poll(port, path, done);
    }

    static JsonNode poll(int port, String path, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            HttpResponse<String> response = call(port, OPERATOR, PASSWORD, "GET", path, null);
            JsonNode body = json(response);
            if (response.statusCode() == 200 && done.test(body)) {
                return body;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("still not done after 2 minutes: GET " + path + " -> " + response.body());
            }
            Thread.sleep(200);
        }
    }
}
