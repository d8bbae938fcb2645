package io.tenantfleet.region;

import java.util.Properties;

/**
 * How to open a connection to one region's (or the control plane's) database.
 *
 * @param name       region id, or {@code control-plane}
 * @param url        JDBC URL
 * @param properties driver properties: user, password (resolved from the environment), TLS
 */
public record RegionEndpoint(String name, String url, Properties properties) {

    public RegionEndpoint {
        Properties copy = new Properties();
        copy.putAll(properties);
        properties = copy;
    }

    public String user() {
        return properties.getProperty("user");
    }

    /** A copy of the driver properties (the password among them). */
    public Properties driverProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    @Override
    public String toString() {
        return name + " (" + url + ")";
    }
}
