package io.tenantfleet.credentials;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A login just issued to a tenant's application: its password exists only here, once, and is
 * never stored by the orchestrator. {@link #wipe()} clears it after it was shown; {@link #toString()}
 * never shows it.
 *
 * @param slug       the organization
 * @param region     its home region, where the login exists
 * @param login      the login role's name
 * @param connection where the application connects with it
 * @param expiring   earlier logins that stay valid until {@code validUntil} (a rotation), else empty
 * @param validUntil when the expiring logins stop working; null when nothing expires
 * @param dropped    logins whose grace had passed, dropped by this operation
 */
public record IssuedLogin(String slug, String region, String login, char[] password, ConnectionDetails connection,
        List<String> expiring, Instant validUntil, List<String> dropped) {

    public IssuedLogin {
        expiring = List.copyOf(expiring);
        dropped = List.copyOf(dropped);
    }

    public void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "IssuedLogin[" + login + " of " + slug + " in " + region + ", password hidden]";
    }
}
