package io.tenantfleet.credentials;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON documents of credential operations, shared by {@code credentials --output json} and the API. */
public final class CredentialDocuments {

    private CredentialDocuments() {
    }

    /**
     * An issued login as {@code --output json} and the API show it; with {@code file} set the password
     * went there and is named, not shown. The password goes in as its char array: Jackson writes it as
     * a JSON string without a String copy.
     */
    public static Map<String, Object> issued(IssuedLogin issued, Path file, DataKeyHandout.AppKeys keys) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("org", issued.slug());
        document.put("region", issued.region());
        document.put("login", issued.login());
        if (file == null) {
            document.put("password", issued.password());
        } else {
            document.put("password_file", file.toAbsolutePath().toString());
        }
        if (keys != null) {
            document.put("org_id", keys.orgId());
            document.put("data_key", keys.dataKey());
        }
        document.put("jdbc_url", issued.connection().jdbcUrl());
        document.put("libpq", issued.connection().libpq());
        document.put("expiring", issued.expiring());
        document.put("valid_until", issued.validUntil() == null ? null : issued.validUntil().toString());
        document.put("dropped", issued.dropped());
        return document;
    }

    /** What a revoke ended, as {@code --output json} and the API show it. */
    public static Map<String, Object> revoked(RevokedLogins revoked) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("org", revoked.slug());
        document.put("region", revoked.region());
        document.put("revoked", revoked.revoked());
        document.put("expired", revoked.expired());
        document.put("sessions_terminated", revoked.sessions());
        return document;
    }
}
