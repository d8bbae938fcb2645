package io.tenantfleet.api;

import io.tenantfleet.credentials.CredentialDocuments;
import io.tenantfleet.credentials.CredentialService;
import io.tenantfleet.credentials.DataKeyHandout;
import io.tenantfleet.credentials.GracePeriod;
import io.tenantfleet.credentials.IssuedLogin;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * An organization's application logins (operators only): issue, rotate, revoke. An issued password
 * (and the data key when asked for) is in the one response, {@code Cache-Control: no-store}, and
 * nowhere else: the password's char array is wiped once the response body is written.
 */
@RestController
class CredentialController {

    /** Options of issue and rotate: the data key with the login, and (rotate) how long old logins stay valid. */
    record LoginRequest(Optional<Boolean> withDataKey, Optional<String> grace) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CredentialService credentials;
    private final DataKeyHandout keys;
    private final TenantRegistry registry;

    CredentialController(CredentialService credentials, DataKeyHandout keys, TenantRegistry registry) {
        this.credentials = credentials;
        this.keys = keys;
        this.registry = registry;
    }

    @PostMapping("/api/tenants/{org}/credentials")
    ResponseEntity<byte[]> issue(@PathVariable String org, @RequestBody(required = false) LoginRequest request) {
        TenantSlug slug = ApiException.known(registry, org);
        return shown(slug, credentials.issue(slug), request);
    }

    @PostMapping("/api/tenants/{org}/credentials/rotate")
    ResponseEntity<byte[]> rotate(@PathVariable String org, @RequestBody(required = false) LoginRequest request) {
        TenantSlug slug = ApiException.known(registry, org);
        java.time.Duration grace = (request == null ? Optional.<String>empty() : request.grace()).map(GracePeriod::parse)
                .orElse(GracePeriod.DEFAULT);
        return shown(slug, credentials.rotate(slug, grace), request);
    }

    @DeleteMapping("/api/tenants/{org}/credentials/{login}")
    Map<String, Object> revoke(@PathVariable String org, @PathVariable String login) {
        TenantSlug slug = ApiException.known(registry, org);
        CredentialService.checkLoginName(slug, login);
        return CredentialDocuments.revoked(credentials.revoke(slug, Optional.of(login)));
    }

    @DeleteMapping("/api/tenants/{org}/credentials")
    Map<String, Object> revokeAll(@PathVariable String org) {
        return CredentialDocuments.revoked(credentials.revoke(ApiException.known(registry, org), Optional.empty()));
    }

    private ResponseEntity<byte[]> shown(TenantSlug slug, IssuedLogin issued, LoginRequest request) {
        try {
            boolean withKey = request != null && request.withDataKey().orElse(false);
            DataKeyHandout.AppKeys appKeys = withKey ? keys.handOut(slug, issued.login()) : null;
            byte[] body = JSON.writeValueAsBytes(CredentialDocuments.issued(issued, null, appKeys));
            return ResponseEntity.status(201).cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                    .body(body);
        } finally {
            issued.wipe();
        }
    }
}
