package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.keys.MasterKeyProvider;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Onboarding requests accepted with an {@code Idempotency-Key} ({@code api_request}): digests of the
 * key and of the request only, keyed (HMAC-SHA-256 under a key derived from the master key, so that
 * nobody reading the control plane can try likely display names against them). Rows recorded before
 * (plain SHA-256) are still recognised, and rewritten keyed when their request is repeated. Shared by
 * every instance on the control plane, so a repeat reaches the same outcome whichever instance it
 * lands on.
 */
@Repository
class ApiRequests {

    /** The header naming a request: 1 to 200 of letters, digits and {@code . _ : -}, e.g. a UUID. */
    static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:-]{1,200}$");

    /** A request as recorded: whether this call recorded it, and a failure from before the tenant was recorded. */
    record Accepted(String slug, boolean recordedNow, Optional<String> errorCode, Optional<String> errorMessage) {
    }

    /** How a keyed digest is written; one without it is a plain SHA-256 recorded before (control plane V15). */
    private static final String KEYED = "h1:";

    private final JdbcClient jdbc;
    private final MasterKeyProvider masterKey;
    private volatile SecretKeySpec digestKey;

    ApiRequests(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc, MasterKeyProvider masterKey) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
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
        String body = String.join("\n", request.slug().value(), request.displayName(), request.region().id(),
                String.join(",", request.frameworks().stream().sorted().toList()));
        Digests digests = new Digests(keyed(key), keyed(body), plain(key), plain(body));
        Optional<Recorded> earlier = find(digests);
        if (earlier.isPresent()) {
            if (earlier.get().plain()) {
                // recorded before control plane V15: keyed from now on
                jdbc.sql("UPDATE api_request SET key_digest = ?, request_digest = ? WHERE key_digest = ?")
                        .param(digests.key()).param(digests.request()).param(digests.plainKey()).update();
            }
            return earlier.get().accepted(false);
        }
        int inserted = jdbc.sql("INSERT INTO api_request (key_digest, request_digest, slug) VALUES (?, ?, ?) "
                + "ON CONFLICT (key_digest) DO NOTHING").param(digests.key()).param(digests.request())
                .param(request.slug().value()).update();
        return find(digests).orElseThrow().accepted(inserted == 1);
    }

    /** A request's digests: keyed, and plain as rows recorded before control plane V15 carry them. */
    private record Digests(String key, String request, String plainKey, String plainRequest) {
    }

    /** A request found under its key, recorded with a plain digest or a keyed one. */
    private record Recorded(String slug, boolean plain, Optional<String> errorCode, Optional<String> errorMessage) {

        Accepted accepted(boolean recordedNow) {
            return new Accepted(slug, recordedNow, errorCode, errorMessage);
        }
    }

    /** The request recorded under the key (keyed or plain digest); refused when its body was another. */
    private Optional<Recorded> find(Digests digests) {
        return jdbc.sql("SELECT request_digest, slug, error_code, error_message FROM api_request WHERE key_digest IN (?, ?) "
                + "ORDER BY created_at LIMIT 1").param(digests.key()).param(digests.plainKey()).query((rs, row) -> {
                    String recorded = rs.getString(1);
                    boolean plain = !recorded.startsWith(KEYED);
                    if (!recorded.equals(plain ? digests.plainRequest() : digests.request())) {
                        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.INVALID_INPUT, HEADER
                                + " was already used for another onboarding request (organization " + rs.getString(2)
                                + "); send a new key for a new request, or repeat the first request unchanged");
                    }
                    return new Recorded(rs.getString(2), plain, Optional.ofNullable(rs.getString(3)),
                            Optional.ofNullable(rs.getString(4)));
                }).optional();
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

    private String keyed(String text) {
        return KEYED + HexFormat.of().formatHex(hmac(digestKey(), text));
    }

    /** The digest key: HMAC-SHA-256 of a fixed label under the master key, so the master key itself signs nothing here. */
    private SecretKeySpec digestKey() {
        SecretKeySpec key = digestKey;
        if (key == null) {
            byte[] master = masterKey.masterKey().secret().getBytes(StandardCharsets.UTF_8);
            key = new SecretKeySpec(hmac(new SecretKeySpec(master, "HmacSHA256"), "tenant-fleet api_request digests"),
                    "HmacSHA256");
            digestKey = key;
        }
        return key;
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain SHA-256 that rows recorded before control plane V15 carry. */
    private static String plain(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
