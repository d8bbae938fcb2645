package io.tenantfleet.catalog;

import java.util.Optional;

/**
 * How the JDBC driver secures a region connection: a libpq-style {@code sslmode} and, for the
 * verifying modes, an optional CA certificate file.
 */
public record TlsSettings(String mode, Optional<String> rootCert) {

    static final java.util.List<String> MODES = java.util.List.of("disable", "require", "verify-ca", "verify-full");

    public static final TlsSettings DISABLED = new TlsSettings("disable", Optional.empty());
    public static final TlsSettings VERIFY_FULL = new TlsSettings("verify-full", Optional.empty());
}
