package io.tenantfleet.credentials;

import io.tenantfleet.catalog.TlsSettings;
import io.tenantfleet.region.RegionEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an application connects with an issued login: the region's host(s), port(s) and database,
 * and the TLS mode of the region's catalog entry. Holds no password.
 */
public record ConnectionDetails(List<String> hosts, List<String> ports, String database, String user, String sslMode,
        Optional<String> sslRootCert) {

    public ConnectionDetails {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
    }

    /** The region's address as the orchestrator reaches it, for {@code user}. */
    static ConnectionDetails of(RegionEndpoint endpoint, TlsSettings tls, String user) {
        Properties parsed = org.postgresql.Driver.parseURL(endpoint.url(), new Properties());
        if (parsed == null) {
            throw new IllegalStateException("region " + endpoint.name() + " has a JDBC URL the driver does not accept");
        }
        return new ConnectionDetails(List.of(parsed.getProperty("PGHOST", "localhost").split(",")),
                List.of(parsed.getProperty("PGPORT", "5432").split(",")), parsed.getProperty("PGDBNAME", ""), user,
                tls.mode(), tls.rootCert());
    }

    /** A pgjdbc URL: {@code jdbc:postgresql://host:port/db?user=...&sslmode=...}. */
    public String jdbcUrl() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i).contains(":") ? "[" + hosts.get(i) + "]" : hosts.get(i);
            addresses.add(host + ":" + ports.get(Math.min(i, ports.size() - 1)));
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(String.join(",", addresses)).append('/')
                .append(encode(database)).append("?user=").append(encode(user)).append("&sslmode=").append(encode(sslMode));
        sslRootCert.ifPresent(cert -> url.append("&sslrootcert=").append(encode(cert)));
        return url.toString();
    }

    /** A libpq connection string: {@code host=... port=... dbname=... user=... sslmode=...}. */
    public String libpq() {
        StringBuilder conninfo = new StringBuilder().append("host=").append(quote(String.join(",", hosts)))
                .append(" port=").append(quote(String.join(",", ports))).append(" dbname=").append(quote(database))
                .append(" user=").append(quote(user)).append(" sslmode=").append(quote(sslMode));
        sslRootCert.ifPresent(cert -> conninfo.append(" sslrootcert=").append(quote(cert)));
        return conninfo.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** libpq quoting: single quotes when needed, backslash before quote and backslash. */
    private static String quote(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9._,:/+@-]+")) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
