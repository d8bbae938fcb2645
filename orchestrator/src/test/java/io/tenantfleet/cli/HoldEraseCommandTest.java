package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.EmbeddedServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hold} and {@code erase} as an operator runs them: output, exit codes and one-line errors. */
class HoldEraseCommandTest {

    @TempDir
    static Path dataDir;

    static final AtomicInteger opened = new AtomicInteger();

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void fastEmbeddedServers() {
        System.setProperty("orchestrator.embedded-fast", "true");
    }

    @AfterAll
    static void restore() {
        for (String region : new String[] {"eu-central", "us-east", "japan-east"}) {
            EmbeddedServers.stop(dataDir.resolve("fleet").resolve("pg").resolve(region));
        }
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
        int exit = Main.run(counting, new PrintWriter(out, true), new PrintWriter(err, true), withDataDir);
        return new Result(exit, out.toString(), err.toString());
    }

    private static void assertBadInput(String expected, String... args) {
        Result result = run(args);
        assertThat(result.exit()).as(String.join(" ", args) + ": " + result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as(String.join(" ", args)).singleElement()
                .satisfies(line -> assertThat(line).startsWith("error: ").contains(expected));
    }

    @Test
    void refusesBadInputWithOneLineAndExitTwoBeforeAnythingStarts() {
        int before = opened.get();

        assertBadInput("invalid organization slug", "hold", "add", "--org", "x'; DROP", "--reason", "r");
        assertBadInput("invalid --reason", "hold", "add", "--org", "acme_health", "--reason", "");
        assertBadInput("invalid --until: '2027-13-01' is not an ISO date", "hold", "add", "--org", "acme_health",
                "--reason", "r", "--until", "2027-13-01");
        assertBadInput("not in the future", "hold", "add", "--org", "acme_health", "--reason", "r", "--until", "2001-01-01");
        assertBadInput("invalid --id: given without --table", "hold", "add", "--org", "acme_health", "--id", "7",
                "--reason", "r");
        assertBadInput("invalid HOLD_ID", "hold", "remove", "--org", "acme_health", "not-a-hold");
        assertBadInput("invalid --subject", "erase", "--org", "acme_health", "--subject", "pat at corp.test");
        assertThat(run("erase", "--org", "acme_health", "--subject", "pat at corp.test").err()).doesNotContain("corp.test");
        assertThat(opened.get()).isEqualTo(before);
    }

    @Test
    void placesListsAndRemovesAHoldAndErasesNothingForAnUnknownSubject() {
        Result provisioned = run("provision", "--org", "cli_hold", "--name", "CLI Hold", "--region", "japan-east");
        assertThat(provisioned.exit()).as(provisioned.err()).isZero();

        assertBadInput("'organization' is not a table of cli_hold", "hold", "add", "--org", "cli_hold", "--table",
                "organization", "--reason", "r");
        assertBadInput("unknown organization 'cli_nobody'", "hold", "add", "--org", "cli_nobody", "--reason", "r");
        Result added = run("hold", "add", "--org", "cli_hold", "--table", "users", "--reason", "audit 2025",
                "--until", "2999-12-31");
        assertThat(added.exit()).as(added.err()).isZero();
        String holdId = added.out().strip();
        assertThat(holdId).matches("[0-9a-f-]{36}");

        Result listed = run("hold", "list", "--org", "cli_hold", "--output", "json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).startsWith("{\"format\":\"tenant-fleet/holds/1\",\"holds\":[").contains("\"hold_id\":\"" + holdId + "\"", "\"table\":\"users\"", "\"state\":\"active\"",
                "\"held_until\":\"3000-01-01T00:00:00Z\"");

        Result dryRun = run("erase", "--org", "cli_hold", "--subject", "nobody@example.com", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("nothing to erase");

        Result removed = run("hold", "remove", "--org", "cli_hold", holdId);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("released hold " + holdId + " on users of cli_hold");
        assertThat(run("hold", "list", "--org", "cli_hold").out()).contains("no active legal holds");
        assertThat(run("hold", "list", "--org", "cli_hold", "--all").out()).contains(holdId, "released", "audit 2025");

        Result erased = run("erase", "--org", "cli_hold", "--subject", "nobody@example.com", "--output", "json");
        assertThat(erased.exit()).as(erased.err()).isZero();
        assertThat(erased.out()).contains("\"subjects\":0", "\"erased\":0");
    }
}
