package io.tenantfleet.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium (the Debian {@code chromium} package, which .ci/run installs) for the browser
 * tests: a test that needs it is skipped where it is not installed, except on CI ({@code CI=true}),
 * where a skip would hide a missing install. Each run has a throw-away profile; its output and log
 * go under {@code target/chromium}.
 */
public final class Chromium {

    public static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final long TIMEOUT_S = 90;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The installed Chromium, or the calling test skipped (failed on CI). */
    public static Chromium required() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Optional<Path> found = Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "chromium")).filter(Files::isExecutable).findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("chromium is not on PATH on CI: .ci/run installs it (apt-get install -y chromium)");
        }
        assumeTrue(found.isPresent(), "chromium is not installed: skipping the headless browser test "
                + "(install it with: apt-get install -y chromium)");
        return new Chromium(found.get());
    }

    /** The DOM of {@code url} after it loaded (scripts, if any, run). */
    public String dom(String url) throws IOException, InterruptedException {
        return run("dom", "--dump-dom", url);
    }

    /** A PNG screenshot of {@code url} written to {@code png}, checked to be one. */
    public void screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run("screenshot", "--screenshot=" + png, "--window-size=1280,2000", url);
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private String run(String name, String... args) throws IOException, InterruptedException {
        Path work = Files.createDirectories(TARGET.resolve("chromium"));
        Path profile = Files.createTempDirectory(work, "profile-");
        Path out = work.resolve(name + ".out");
        Path log = work.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_S + " s: " + command + " (log: " + log + ")");
        }
        assertThat(process.exitValue()).as("chromium exit code, log: %s", log).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
