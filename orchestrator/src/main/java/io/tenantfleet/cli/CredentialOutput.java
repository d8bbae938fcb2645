package io.tenantfleet.cli;

import io.tenantfleet.credentials.DataKeyHandout;
import io.tenantfleet.credentials.IssuedLogin;
import io.tenantfleet.credentials.RevokedLogins;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code credentials} commands print: text or JSON on stdout, and the owner-only file of
 * {@code --out}. The password is printed from its char array, once, and nowhere else.
 */
final class CredentialOutput {

    private CredentialOutput() {
    }

    /** Prints an issued login; with {@code file} set, the password went there and is not printed. */
    static void printIssued(PrintWriter out, Json.Format format, IssuedLogin issued, Path file, DataKeyHandout.AppKeys keys) {
        if (format == Json.Format.json) {
            out.print("{\"org\":" + json(issued.slug()) + ",\"region\":" + json(issued.region()) + ",\"login\":"
                    + json(issued.login()) + ",");
            if (file == null) {
                out.print("\"password\":\"");
                out.print(issued.password());
                out.print("\",");
            } else {
                out.print("\"password_file\":" + json(file.toAbsolutePath().toString()) + ",");
            }
            if (keys != null) {
                out.print("\"org_id\":" + json(keys.orgId()) + ",\"data_key\":" + json(keys.dataKey()) + ",");
            }
            out.println("\"jdbc_url\":" + json(issued.connection().jdbcUrl()) + ",\"libpq\":"
                    + json(issued.connection().libpq()) + ",\"expiring\":" + json(issued.expiring()) + ",\"valid_until\":"
                    + (issued.validUntil() == null ? "null" : json(issued.validUntil().toString())) + ",\"dropped\":"
                    + json(issued.dropped()) + "}");
            out.flush();
            return;
        }
        out.printf("issued login %s for %s in %s (member of org_%s_app only; sessions default to its organization)%n",
                issued.login(), issued.slug(), issued.region(), issued.slug());
        if (file == null) {
            out.print("password: ");
            out.println(issued.password());
            out.println("  (shown once and stored nowhere: put it in your secret store now)");
        } else {
            out.printf("password written to %s (owner-only, mode 0600); it is stored nowhere else%n", file);
        }
        if (keys != null) {
            out.printf("org id: %s%ndata key: %s%n  (set per session: app.current_org_id, app.data_key; shown once)%n",
                    keys.orgId(), keys.dataKey());
        }
        out.printf("jdbc:  %s%nlibpq: %s%n", issued.connection().jdbcUrl(), issued.connection().libpq());
        if (!issued.expiring().isEmpty()) {
            out.printf("still valid until %s: %s (dropped by the next rotate or revoke after that)%n", issued.validUntil(),
                    String.join(", ", issued.expiring()));
        }
        if (!issued.dropped().isEmpty()) {
            out.printf("dropped, their grace had passed: %s%n", String.join(", ", issued.dropped()));
        }
        out.flush();
    }

    /** The content of an {@code --out} file: key=value lines an application or a secret store can read. */
    static void writeFile(PrintWriter file, IssuedLogin issued, DataKeyHandout.AppKeys keys) {
        file.println("# tenant-fleet login of " + issued.slug() + " in region " + issued.region()
                + "; keep this file owner-only and delete it once stored");
        file.println("user=" + issued.login());
        file.print("password=");
        file.println(issued.password());
        file.println("jdbc_url=" + issued.connection().jdbcUrl());
        file.println("libpq=" + issued.connection().libpq());
        if (keys != null) {
            file.println("org_id=" + keys.orgId());
            file.println("data_key=" + keys.dataKey());
        }
    }

    static void printRevoked(PrintWriter out, Json.Format format, RevokedLogins revoked) {
        if (format == Json.Format.json) {
            out.println("{\"org\":" + json(revoked.slug()) + ",\"region\":" + json(revoked.region()) + ",\"revoked\":"
                    + json(revoked.revoked()) + ",\"expired\":" + json(revoked.expired()) + ",\"sessions_terminated\":"
                    + revoked.sessions() + "}");
        } else if (revoked.revoked().isEmpty() && revoked.expired().isEmpty()) {
            out.printf("%s has no logins in %s; nothing to revoke%n", revoked.slug(), revoked.region());
        } else {
            out.printf("revoked %s of %s in %s: %d session(s) terminated; they can no longer connect%n",
                    revoked.revoked().isEmpty() ? "no login" : String.join(", ", revoked.revoked()), revoked.slug(),
                    revoked.region(), revoked.sessions());
            if (!revoked.expired().isEmpty()) {
                out.printf("dropped, their grace had passed: %s%n", String.join(", ", revoked.expired()));
            }
        }
        out.flush();
    }

    private static String json(List<String> values) {
        return Json.strings(values);
    }

    private static String json(String value) {
        return Json.quote(value);
    }
}
