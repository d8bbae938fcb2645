package io.tenantfleet.catalog;

import java.util.Optional;

/** Where a region's (or the control plane's) PostgreSQL lives. */
public sealed interface DatabaseSpec {

    /** A server the orchestrator starts itself (zonky embedded PostgreSQL 17). */
    record Embedded() implements DatabaseSpec {}

    /** An ordinary PostgreSQL server reached over JDBC; the password comes from the environment. */
    record Jdbc(String url, String user, Optional<SecretRef> password, TlsSettings tls) implements DatabaseSpec {}

    default boolean isEmbedded() {
        return this instanceof Embedded;
    }
}
