package io.tenantfleet.catalog;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Screens the query part of a catalog URL before the driver reads it (so a {@code service=}
 * parameter never makes the driver open a service file): only {@link JdbcUrl#ALLOWED} names,
 * written exactly and plainly, each once and with a value. Every other name, in any letter case
 * and however percent-encoded, is refused with the catalog field that says it instead.
 */
final class UrlParameters {

    private static final Set<String> TLS = Set.of("ssl", "sslmode");
    private static final Set<String> AUTHENTICATION = Set.of("gssencmode", "gsslib", "gssresponsetimeout",
            "gssusedefaultcreds", "kerberosservername", "jaasapplicationname", "jaaslogin", "usespnego",
            "sspiserviceclass", "authenticationpluginclassname", "channelbinding", "requireauth", "scrammaxiterations");
    private static final Set<String> ADDRESS = Set.of("host", "port", "dbname", "pghost", "pgport", "pgdbname", "service");

    private UrlParameters() {
    }

    /** The allowed parameters with their decoded values, in the order written; refuses everything else. */
    static Map<String, String> screen(String query) {
        Map<String, String> allowed = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String token : query.split("&")) {
            if (token.isEmpty()) {
                continue;
            }
            int equals = token.indexOf('=');
            String raw = equals < 0 ? token : token.substring(0, equals);
            String name = JdbcUrl.decode(raw, raw);
            if (!JdbcUrl.ALLOWED.contains(name) || !raw.equals(name)) {
                throw refuse(raw, name);
            }
            if (!seen.add(JdbcUrl.lower(name))) {
                throw new JdbcUrl.Refused(raw, "parameter given twice in the URL", "keep one " + name + "=...");
            }
            String value = JdbcUrl.decode(equals < 0 ? "" : token.substring(equals + 1), name);
            if (value.isBlank()) {
                throw new JdbcUrl.Refused(raw, "parameter without a value in the URL", "write " + name + "=<value> or remove it");
            }
            allowed.put(name, value);
        }
        return allowed;
    }

    /** The refusal of parameter {@code raw} (as written), which decodes to {@code name}. */
    static JdbcUrl.Refused refuse(String raw, String name) {
        String error = (JdbcUrl.lower(name).equals("password") ? "the URL carries a password"
                : "driver parameter not allowed in the URL") + (raw.equals(name) ? "" : " (it reads '" + name + "')");
        return new JdbcUrl.Refused(raw, error, fix(name));
    }

    private static String fix(String name) {
        String key = JdbcUrl.lower(name);
        for (String allowed : JdbcUrl.ALLOWED) {
            if (JdbcUrl.lower(allowed).equals(key)) {
                return "write it as " + allowed + ", plainly (the driver reads names exactly as spelled)";
            }
        }
        if (TLS.contains(key)) {
            return "remove it and set tls.mode under database (require, verify-ca or verify-full)";
        }
        if (key.equals("sslrootcert")) {
            return "remove it and set tls.root_cert under database";
        }
        if (key.startsWith("ssl")) {
            return "remove it; TLS comes only from tls.mode and tls.root_cert under database";
        }
        if (key.equals("user")) {
            return "remove it and set user: under database";
        }
        if (key.contains("password")) {
            return "remove it from the URL and set password: ${ENV_VARIABLE} under database";
        }
        if (AUTHENTICATION.contains(key)) {
            return "remove it; authentication comes only from user and password: ${ENV_VARIABLE} under database";
        }
        if (ADDRESS.contains(key)) {
            return "remove it; write hosts, ports and database as jdbc:postgresql://host:5432/database";
        }
        return "remove it; a catalog URL may carry only host(s), port(s), database and " + String.join(", ", JdbcUrl.ALLOWED);
    }
}
