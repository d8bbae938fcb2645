package io.tenantfleet.credentials;

import java.util.List;

/**
 * What {@code credentials revoke} ended.
 *
 * @param revoked  logins dropped on request
 * @param expired  logins whose grace had passed, dropped as well
 * @param sessions sessions of those logins that were terminated
 */
public record RevokedLogins(String slug, String region, List<String> revoked, List<String> expired, int sessions) {

    public RevokedLogins {
        revoked = List.copyOf(revoked);
        expired = List.copyOf(expired);
    }
}
