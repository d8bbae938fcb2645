package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} keeps the embedded fleet running in a background process; other commands use those
 * servers and leave them running; {@code down} stops them.
 */
class UpDownTest {

    @TempDir
    static Path dataDir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withDir = new String[args.length + 2];
        withDir[0] = "--data-dir";
        withDir[1] = dataDir.toString();
        System.arraycopy(args, 0, withDir, 2, args.length);
        int exit = Main.run(new SpringContexts(), new PrintWriter(out, true), new PrintWriter(err, true), withDir);
        return new Result(exit, out.toString(), err.toString());
    }

    @AfterAll
    static void down() {
        run("down");
    }

    @Test
    void otherCommandsShareTheServersThatUpKeepsRunningUntilDown() throws Exception {
        Result up = run("up");
        assertThat(up.exit()).as(up.err()).isZero();
        Matcher controlPlane = Pattern.compile("up: control-plane (jdbc:postgresql://localhost:\\d+/postgres)").matcher(up.out());
        assertThat(controlPlane.find()).as(up.out()).isTrue();
        assertThat(up.out()).contains("up: eu-central", "up: us-east", "up: japan-east");

        Result status = run("status");
        assertThat(status.exit()).as(status.err()).isZero();
        try (Connection stillUp = DriverManager.getConnection(controlPlane.group(1), "postgres", "")) {
            assertThat(stillUp.isValid(5)).as("the server outlives the command that used it").isTrue();
        }
        assertThat(run("up").out()).contains("already up");

        Result down = run("down");
        assertThat(down.exit()).isZero();
        assertThat(down.out()).contains("down: stopped");
        try (var files = Files.list(dataDir.resolve("pg"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".up"));
        }
        assertThat(run("down").out()).contains("not up");
    }
}
