package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Onboarding requests accepted with an {@code Idempotency-Key} ({@code api_request}): digests of the
 * key and of the request only. Shared by every instance on the control plane, so a repeat reaches the
 * same outcome whichever instance it lands on.
 */
@Repository
class ApiRequests {

    /** The header naming a request: 1 to 200 of letters, digits and {@code . _ : -}, e.g. a UUID. */
    static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:-]{1,200}$");

    /** A request as recorded: whether this call recorded it, and a failure from before the tenant was recorded. */
    record Accepted(String slug, boolean recordedNow, Optional<String> errorCode, Optional<String> errorMessage) {
    }

    private final JdbcClient jdbc;

    ApiRequests(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the request under its key, or finds it: the same key with another request is refused
     * (422), naming the slug the key was first used for.
     */
    Accepted accept(String key, ProvisionRequest request) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid " + HEADER + " header: give 1-200 letters, "
                    + "digits or . _ : - (e.g. a UUID), one per onboarding request");
        }
        String keyDigest = sha256(key);
        String requestDigest = sha256(String.join("\n", request.slug().value(), request.displayName(),
                request.region().id(), String.join(",", request.frameworks().stream().sorted().toList())));
        int inserted = jdbc.sql("INSERT INTO api_request (key_digest, request_digest, slug) VALUES (?, ?, ?) "
                + "ON CONFLICT (key_digest) DO NOTHING").param(keyDigest).param(requestDigest).param(request.slug().value())
                .update();
        return jdbc.sql("SELECT request_digest, slug, error_code, error_message FROM api_request WHERE key_digest = ?")
                .param(keyDigest).query((rs, row) -> {
                    if (!rs.getString(1).equals(requestDigest)) {
                        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.INVALID_INPUT, HEADER
                                + " was already used for another onboarding request (organization " + rs.getString(2)
                                + "); send a new key for a new request, or repeat the first request unchanged");
                    }
                    return new Accepted(rs.getString(2), inserted == 1, Optional.ofNullable(rs.getString(3)),
                            Optional.ofNullable(rs.getString(4)));
                }).single();
    }

    /** The newest request for the slug, if any was accepted through the API. */
    Optional<Accepted> latest(String slug) {
        return jdbc.sql("SELECT slug, error_code, error_message FROM api_request WHERE slug = ? ORDER BY created_at DESC "
                + "LIMIT 1").param(slug).query((rs, row) -> new Accepted(rs.getString(1), false,
                        Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)))).optional();
    }

    /** Records why a request failed before its tenant was recorded. */
    void failed(String slug, ErrorCode code, String message) {
        jdbc.sql("UPDATE api_request SET error_code = ?, error_message = ? WHERE slug = ?").param(code.name())
                .param(message).param(slug).update();
    }

    /** Clears an earlier failure of the slug's requests before it is tried again. */
    void retrying(String slug) {
        jdbc.sql("UPDATE api_request SET error_code = NULL, error_message = NULL WHERE slug = ?").param(slug).update();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
