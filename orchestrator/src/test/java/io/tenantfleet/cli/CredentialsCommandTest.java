package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.support.CapturedStderr;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code credentials} as an operator runs it: printed or filed passwords that work, and one-line errors. */
class CredentialsCommandTest {

    @TempDir
    static Path dataDir;

    static final AtomicInteger opened = new AtomicInteger();

    record Result(int exit, String out, String err, String logs) {}

    @BeforeAll
    static void oneOrganization() {
        System.setProperty("orchestrator.embedded-fast", "true");
        Result provisioned = run("provision", "--org", "cli_cred", "--name", "CLI Cred", "--region", "eu-central");
        assertThat(provisioned.exit()).as(provisioned.err()).isZero();
    }

    @AfterAll
    static void restore() {
        EmbeddedServers.stop(regionDir());
        System.clearProperty("orchestrator.embedded-fast");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Contexts counting = options -> {
            opened.incrementAndGet();
            return new SpringContexts().open(options);
        };
        String[] withDataDir = new String[args.length + 2];
        withDataDir[0] = "--data-dir";
        withDataDir[1] = dataDir.resolve("fleet").toString();
        System.arraycopy(args, 0, withDataDir, 2, args.length);
        try (CapturedStderr logs = new CapturedStderr()) {
            int exit = Main.run(counting, new PrintWriter(out, true), new PrintWriter(err, true), withDataDir);
            return new Result(exit, out.toString(), err.toString(), logs.text());
        }
    }

    private static String find(String pattern, String text) {
        Matcher matcher = Pattern.compile(pattern, Pattern.MULTILINE).matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1);
    }

    private static Path regionDir() {
        return dataDir.resolve("fleet").resolve("pg").resolve("eu-central");
    }

    /**
     * Connects as an application would, to the region's server (which stops when a command ends, so
     * it is started again here, on the port it had).
     */
    private static String organizationsVisible(String jdbcUrl, String password) throws SQLException {
        EmbeddedServers.obtain(regionDir(), true);
        Properties props = new Properties();
        props.setProperty("password", password);
        try (Connection app = DriverManager.getConnection(jdbcUrl, props);
                ResultSet rs = app.createStatement().executeQuery("SELECT count(*) FROM organization")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void issuePrintsAPasswordOnceThatConnectsWithThePrintedUrlAndNothingLogsIt() throws Exception {
        Result issued = run("--verbose", "credentials", "issue", "--org", "cli_cred");

        assertThat(issued.exit()).as(issued.err()).isZero();
        String password = find("^password: (\\S+)$", issued.out());
        String url = find("^jdbc:  (\\S+)$", issued.out());
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(issued.out().split(Pattern.quote(password), -1)).hasSize(2);
        assertThat(issued.err()).doesNotContain(password);
        assertThat(issued.logs()).contains("DEBUG").doesNotContain(password);
        assertThat(organizationsVisible(url, password)).isEqualTo("1");
    }

    @Test
    void jsonOutputKeepsItsKeysInOrderAndItsPasswordConnects() throws Exception {
        Result issued = run("credentials", "issue", "--org", "cli_cred", "--output", "json");

        assertThat(issued.exit()).as(issued.err()).isZero();
        String list = "\\[(\"[a-z0-9_]+\"(,\"[a-z0-9_]+\")*)?\\]";
        assertThat(issued.out()).matches("\\{\"org\":\"cli_cred\",\"region\":\"eu-central\",\"login\":"
                + "\"org_cli_cred_login_\\d+\",\"password\":\"[A-Za-z0-9_-]{43}\",\"jdbc_url\":\"jdbc:postgresql:[^\"]+\","
                + "\"libpq\":\"[^\"]+\",\"expiring\":" + list + ",\"valid_until\":(null|\"[^\"]+\"),\"dropped\":" + list
                + "\\}\\R");
        String password = JsonPath.read(issued.out(), "$.password");
        assertThat(organizationsVisible(JsonPath.read(issued.out(), "$.jdbc_url"), password)).isEqualTo("1");

        String login = JsonPath.read(issued.out(), "$.login");
        Result revoked = run("credentials", "revoke", "--org", "cli_cred", "--login", login, "--output", "json");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).matches("\\{\"org\":\"cli_cred\",\"region\":\"eu-central\",\"revoked\":\\[\""
                + login + "\"\\],\"expired\":" + list + ",\"sessions_terminated\":0\\}\\R");
    }

    @Test
    void withDataKeyTheLoginWritesAndReadsEncryptedPersonalDataAsTheReadmeShows() throws Exception {
        Result issued = run("credentials", "issue", "--org", "cli_cred", "--with-data-key");

        assertThat(issued.exit()).as(issued.err()).isZero();
        String password = find("^password: (\\S+)$", issued.out());
        String url = find("^jdbc:  (\\S+)$", issued.out());
        String orgId = find("^org id: (\\S+)$", issued.out());
        String dataKey = find("^data key: ([0-9a-f]{64})$", issued.out());
        assertThat(issued.logs()).doesNotContain(dataKey);
        EmbeddedServers.obtain(regionDir(), true);
        Properties props = new Properties();
        props.setProperty("password", password);
        try (Connection db = DriverManager.getConnection(url, props)) {
            try (PreparedStatement set = db.prepareStatement(
                    "SELECT set_config('app.current_org_id', ?, false), set_config('app.data_key', ?, false)")) {
                set.setString(1, orgId);
                set.setString(2, dataKey);
                set.execute();
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO users (org_id, email_cipher, email_lookup, "
                    + "full_name_cipher) VALUES (current_org(), pii_encrypt(?), pii_lookup_hash(?), pii_encrypt(?))")) {
                insert.setString(1, "ana@example.org");
                insert.setString(2, "ana@example.org");
                insert.setString(3, "Ana");
                insert.executeUpdate();
            }
            try (PreparedStatement read = db.prepareStatement(
                    "SELECT pii_decrypt(email_cipher) FROM users WHERE email_lookup = pii_lookup_hash(?)")) {
                read.setString(1, "ANA@example.org");
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("ana@example.org");
                }
            }
        }
    }

    @Test
    void outWritesAnOwnerOnlyFileAndNeverOverwritesOne() throws Exception {
        Path file = dataDir.resolve("app-login.properties");
        Result issued = run("credentials", "issue", "--org", "cli_cred", "--out", file.toString(), "--output", "json");

        assertThat(issued.exit()).as(issued.err()).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String content = Files.readString(file);
        String password = find("^password=(\\S+)$", content);
        assertThat(issued.out()).doesNotContain(password).contains("\"password_file\":\"" + file.toAbsolutePath() + "\"");
        assertThat(organizationsVisible(find("^jdbc_url=(\\S+)$", content), password)).isEqualTo("1");

        int before = opened.get();
        Result again = run("credentials", "issue", "--org", "cli_cred", "--out", file.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err().lines()).containsExactly("error: --out " + file + " already exists; refusing to overwrite "
                + "it: name a new file, or move the old one away first");
        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(opened.get()).isEqualTo(before);
    }

    @Test
    void rotateThenRevokeAll() throws Exception {
        Result first = run("credentials", "issue", "--org", "cli_cred");
        Result rotated = run("credentials", "rotate", "--org", "cli_cred", "--grace", "2h");

        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("still valid until").contains(find("^issued login (\\S+) ", first.out()));
        assertThat(organizationsVisible(find("^jdbc:  (\\S+)$", first.out()), find("^password: (\\S+)$", first.out())))
                .isEqualTo("1");

        Result revoked = run("credentials", "revoke", "--org", "cli_cred", "--all");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("they can no longer connect");
        String rotatedUrl = find("^jdbc:  (\\S+)$", rotated.out());
        String rotatedPassword = find("^password: (\\S+)$", rotated.out());
        try {
            organizationsVisible(rotatedUrl, rotatedPassword);
            throw new AssertionError("a revoked login connected");
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("28P01");
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        int before = opened.get();
        Result slug = run("credentials", "issue", "--org", "x'; DROP ROLE postgres; --");
        assertThat(slug.exit()).isEqualTo(2);
        assertThat(slug.err().lines()).hasSize(1).allMatch(l -> l.startsWith("error: invalid organization slug"));
        Result login = run("credentials", "revoke", "--org", "cli_cred", "--login", "postgres");
        assertThat(login.exit()).isEqualTo(2);
        assertThat(login.err().lines()).containsExactly("error: --login 'postgres' is not a login of cli_cred; use a name "
                + "of the form org_cli_cred_login_<n> as 'credentials issue' printed it");
        Result grace = run("credentials", "rotate", "--org", "cli_cred", "--grace", "1y");
        assertThat(grace.exit()).isEqualTo(2);
        assertThat(grace.err().lines()).hasSize(1).allMatch(l -> l.contains("--grace") && l.contains("30m, 24h or 7d"));
        assertThat(opened.get()).isEqualTo(before);

        Result unknown = run("credentials", "issue", "--org", "nobody_here");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).containsExactly("error: unknown organization 'nobody_here'; provision it first "
                + "(see 'status' for the organizations there are)");
    }
}
