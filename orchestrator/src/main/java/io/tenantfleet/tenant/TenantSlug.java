package io.tenantfleet.tenant;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.regex.Pattern;

/**
 * A tenant's identifier, checked against a strict ASCII pattern before any SQL runs; every
 * database identifier of the tenant (schema, roles) derives from it.
 */
public record TenantSlug(String value) {

    public static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9_]{2,39}$");

    public TenantSlug {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid organization slug '" + printable(value)
                    + "'; use 3-40 characters: a lower-case ASCII letter, then lower-case letters, digits or '_' (e.g. acme_health)");
        }
    }

    public String schema() {
        return "org_" + value;
    }

    public String ownerRole() {
        return "org_" + value + "_owner";
    }

    public String appRole() {
        return "org_" + value + "_app";
    }

    public String readOnlyRole() {
        return "org_" + value + "_ro";
    }

    /** Double-quotes an identifier that has already passed {@link #PATTERN}-derived construction. */
    public static String quote(String identifier) {
        if (!identifier.matches("^[a-z][a-z0-9_]{0,62}$")) {
            throw new IllegalArgumentException("refusing to quote unexpected identifier " + identifier);
        }
        return '"' + identifier + '"';
    }

    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(60).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04x", cp));
            }
        });
        return out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
