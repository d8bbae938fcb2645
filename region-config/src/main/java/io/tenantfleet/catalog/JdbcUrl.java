package io.tenantfleet.catalog;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A catalog's PostgreSQL JDBC URL, reduced to what the catalog lets a URL say: host(s), port(s),
 * database, and the {@link #ALLOWED} parameters. TLS and authentication never come from the URL
 * (pgjdbc lets URL parameters override connection properties, so a URL could undo the catalog's
 * {@code tls.mode}). The URL is read by the driver's own parser and used only in its canonical form,
 * rebuilt from the parsed parts; the only way to get one is {@link #parse}.
 */
public final class JdbcUrl {

    /** URL parameters that change neither TLS, authentication, the session, nor what the driver loads. */
    public static final Set<String> ALLOWED = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(
            "connectTimeout", "socketTimeout", "loginTimeout", "cancelSignalTimeout", "tcpKeepAlive",
            "targetServerType", "loadBalanceHosts", "hostRecheckSeconds", "ApplicationName")));

    private static final String HOST_NAME = "[A-Za-z0-9][A-Za-z0-9.-]{0,252}";
    /** A host name or IPv4 address. */
    static final Pattern HOST = Pattern.compile("^" + HOST_NAME + "$");

    private static final String PREFIX = "jdbc:postgresql://";
    /** A host name, IPv4 or bracketed IPv6 address, and an optional port. */
    private static final Pattern ADDRESS = Pattern.compile("^(\\[[0-9A-Fa-f:.]{2,45}]|" + HOST_NAME + ")(?::([0-9]{1,5}))?$");
    private static final int MAX_DATABASE_LENGTH = 63;

    private final List<String> hosts;
    private final List<Integer> ports;
    private final String database;
    private final Map<String, String> parameters;

    private JdbcUrl(List<String> hosts, List<Integer> ports, String database, Map<String, String> parameters) {
        this.hosts = List.copyOf(hosts);
        this.ports = List.copyOf(ports);
        this.database = database;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Why a URL was refused; {@code value} is safe to print (never a parameter's value). */
    static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final String value;
        final String fix;

        Refused(String value, String error, String fix) {
            super(error, null, false, false);
            this.value = value;
            this.fix = fix;
        }
    }

    /** Reads a catalog URL; throws {@link Refused} naming what is wrong and the catalog field to use. */
    static JdbcUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            throw new Refused(url == null ? "" : url, "not a PostgreSQL JDBC URL", "write jdbc:postgresql://host:5432/database");
        }
        int query = url.indexOf('?');
        Map<String, String> parameters = UrlParameters.screen(query < 0 ? "" : url.substring(query + 1));
        checkAddress(url.substring(PREFIX.length(), query < 0 ? url.length() : query));
        Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed == null) {
            throw new Refused("", "the PostgreSQL driver cannot read this URL", "write jdbc:postgresql://host:5432/database");
        }
        JdbcUrl result = fromDriver(parsed, parameters);
        Properties again = org.postgresql.Driver.parseURL(result.canonical(), null);
        if (again == null || !result.sameAs(fromDriver(again, parameters))) {
            throw new Refused("", "the URL does not survive being rebuilt", "write jdbc:postgresql://host:5432/database");
        }
        return result;
    }

    /** The minimal catalog form: one host, one port, the default database. */
    static JdbcUrl of(String host, int port, String database) {
        return parse(PREFIX + host + ":" + port + "/" + encode(database));
    }

    public List<String> hosts() {
        return hosts;
    }

    public List<Integer> ports() {
        return ports;
    }

    public String database() {
        return database;
    }

    /** The allowed parameters the URL carries, in the order written. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The URL rebuilt from its parsed parts, every part encoded again: the only form connections use. */
    public String canonical() {
        StringBuilder url = new StringBuilder(PREFIX);
        for (int i = 0; i < hosts.size(); i++) {
            url.append(i == 0 ? "" : ",").append(hosts.get(i)).append(':').append(ports.get(i));
        }
        url.append('/').append(encode(database));
        String query = parameters.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? url.toString() : url.append('?').append(query).toString();
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** Each comma-separated address needs a host; '@' (user:password@) and stray '/' are refused. */
    private static void checkAddress(String server) {
        int slash = server.indexOf('/');
        if (server.indexOf('@') >= 0) {
            throw new Refused("<redacted>", "the URL carries a user or password before the host",
                    "remove it; give user: and password: ${ENV_VARIABLE} under database");
        }
        if (slash < 0 || server.indexOf('/', slash + 1) >= 0) {
            throw new Refused("", "the URL needs exactly one '/' between the host and the database name",
                    "write jdbc:postgresql://host:5432/database");
        }
        for (String address : server.substring(0, slash).split(",", -1)) {
            Matcher matcher = ADDRESS.matcher(address);
            int port = matcher.matches() && matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : 5432;
            if (!matcher.matches() || port < 1 || port > 65535) {
                throw new Refused(address, address.isEmpty() ? "the URL names no host" : "bad host or port in the URL",
                        "write host:port pairs separated by commas, e.g. jdbc:postgresql://db1:5432,db2:5432/database");
            }
        }
    }

    private static JdbcUrl fromDriver(Properties parsed, Map<String, String> parameters) {
        for (String key : parsed.stringPropertyNames()) {
            if (!key.startsWith("PG") && !parameters.containsKey(key)) {
                throw UrlParameters.refuse(key, key);
            }
        }
        String[] hostList = parsed.getProperty("PGHOST", "").split(",", -1);
        String[] portList = parsed.getProperty("PGPORT", "").split(",", -1);
        String database = parsed.getProperty("PGDBNAME", "");
        if (hostList.length != portList.length || !parsed.stringPropertyNames().stream().allMatch(
                key -> !key.startsWith("PG") || Set.of("PGHOST", "PGPORT", "PGDBNAME").contains(key))) {
            throw new Refused("", "the URL's hosts and ports do not pair up", "write jdbc:postgresql://host:5432/database");
        }
        if (database.isEmpty() || database.length() > MAX_DATABASE_LENGTH || database.chars().anyMatch(Character::isISOControl)) {
            throw new Refused(database, "the URL needs a database name of 1 to " + MAX_DATABASE_LENGTH + " characters",
                    "write jdbc:postgresql://host:5432/database");
        }
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < hostList.length; i++) {
            Matcher matcher = ADDRESS.matcher(hostList[i]);
            if (!matcher.matches() || matcher.group(2) != null || !portList[i].matches("[0-9]{1,5}")) {
                throw new Refused(hostList[i], "bad host or port in the URL", "write jdbc:postgresql://host:5432/database");
            }
            hosts.add(hostList[i]);
            ports.add(Integer.valueOf(portList[i]));
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!parameter.getValue().equals(parsed.getProperty(parameter.getKey()))) {
                throw new Refused(parameter.getKey(), "the driver reads this parameter differently", "encode its value as %XX");
            }
        }
        return new JdbcUrl(hosts, ports, database, parameters);
    }

    private boolean sameAs(JdbcUrl other) {
        return hosts.equals(other.hosts) && ports.equals(other.ports) && database.equals(other.database)
                && parameters.equals(other.parameters);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(what, "bad percent-encoding in the URL", "encode special characters as %XX");
        }
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
