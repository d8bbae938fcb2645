package io.tenantfleet.catalog;

import java.util.Optional;
import java.util.Properties;

/** Where a region's (or the control plane's) PostgreSQL lives. */
public sealed interface DatabaseSpec {

    /** A server the orchestrator starts itself (zonky embedded PostgreSQL 17). */
    record Embedded() implements DatabaseSpec {}

    /**
     * An ordinary PostgreSQL server reached over JDBC; the password comes from the environment.
     * The URL says only where the server is; TLS and authentication come from the other fields.
     */
    record Jdbc(JdbcUrl address, String user, Optional<SecretRef> password, TlsSettings tls) implements DatabaseSpec {

        /** The canonical URL connections use: hosts, ports, database and allowed parameters only. */
        public String url() {
            return address.canonical();
        }

        /**
         * The driver properties of a connection, the only place TLS and authentication are set:
         * user, the password (already read from the environment, when the catalog names one),
         * {@code sslmode} and {@code sslrootcert}.
         */
        public Properties driverProperties(Optional<String> resolvedPassword) {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            resolvedPassword.ifPresent(value -> properties.setProperty("password", value));
            properties.setProperty("sslmode", tls.mode());
            tls.rootCert().ifPresent(cert -> properties.setProperty("sslrootcert", cert));
            return properties;
        }

        /**
         * What the driver will use for a connection: the URL read over the given properties, as
         * pgjdbc's own {@code connect} reads them (URL parameters win over properties).
         */
        public Properties effective(Properties driverProperties) {
            Properties effective = org.postgresql.Driver.parseURL(url(), driverProperties);
            if (effective == null) {
                throw new IllegalStateException("the driver cannot read the canonical URL " + url());
            }
            return effective;
        }

        /** The TLS mode a connection really uses (for {@code catalog validate}). */
        public String effectiveTlsMode() {
            return effective(driverProperties(Optional.empty())).getProperty("sslmode");
        }
    }

    default boolean isEmbedded() {
        return this instanceof Embedded;
    }
}
