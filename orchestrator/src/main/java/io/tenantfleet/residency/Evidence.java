package io.tenantfleet.residency;

import java.time.Instant;

/**
 * What a finding rests on, enough to check it again by hand: the server asked, the object concerned,
 * the query run there, what it returned (personal values never copied: redacted to their shape),
 * when, and under which policy (the catalog's digest).
 */
public record Evidence(String server, String object, String query, String returned, Instant checkedAt,
        String policyVersion) {
}
