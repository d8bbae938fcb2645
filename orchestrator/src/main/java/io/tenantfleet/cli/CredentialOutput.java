package io.tenantfleet.cli;

import io.tenantfleet.credentials.CredentialDocuments;
import io.tenantfleet.credentials.DataKeyHandout;
import io.tenantfleet.credentials.IssuedLogin;
import io.tenantfleet.credentials.RevokedLogins;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * How {@code credentials} commands print: text or JSON on stdout, and the owner-only file of
 * {@code --out}. The password is printed from its char array, once, and nowhere else.
 */
final class CredentialOutput {

    private CredentialOutput() {
    }

    /** Prints an issued login; with {@code file} set, the password went there and is not printed. */
    static void printIssued(PrintWriter out, OutputFormat format, IssuedLogin issued, Path file, DataKeyHandout.AppKeys keys) {
        if (format == OutputFormat.json) {
            JsonOutput.print(out, CredentialDocuments.issued(issued, file, keys));
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

    static void printRevoked(PrintWriter out, OutputFormat format, RevokedLogins revoked) {
        if (format == OutputFormat.json) {
            JsonOutput.print(out, CredentialDocuments.revoked(revoked));
            return;
        }
        if (revoked.revoked().isEmpty() && revoked.expired().isEmpty()) {
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
}
