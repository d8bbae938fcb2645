package io.tenantfleet.residency;

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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The HTML report opened in headless Chromium (the Debian {@code chromium} package, which .ci/run
 * installs): the rendered DOM has the findings section with one {@code .finding} per finding and
 * every region, and a screenshot lands in {@code target/residency-report.png}. Skipped where
 * Chromium is not installed, except on CI ({@code CI=true}), where a skip would hide a missing install.
 */
class ReportHtmlBrowserTest {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final long TIMEOUT_S = 90;

    @Test
    void chromiumRendersTheFindingsSectionAndTakesAScreenshot() throws Exception {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("chromium is not on PATH on CI: .ci/run installs it (apt-get install -y chromium)");
        }
        assumeTrue(chromium.isPresent(), "chromium is not installed: skipping the headless browser test "
                + "(install it with: apt-get install -y chromium)");
        ResidencyReport report = ReportSamples.report(List.of(ReportSamples.checked("eu-central", 4, 5),
                ReportSamples.checked("us-east", 2, 3), ReportSamples.unknown("japan-east", 1)), List.of(
                ReportSamples.finding("RES-01", "us-east", "org_acme", "tenant acme (home eu-central) has a schema on us-east",
                        "org_acme"),
                ReportSamples.finding("RES-03", "eu-central", "org_stray", "schema org_stray belongs to no registered tenant",
                        "org_stray"),
                ReportSamples.finding("RES-04", "eu-central", "cross_region_metadata:42", "an email address in a metadata value",
                        "j***@e******.com"),
                ReportSamples.finding("RES-09", "japan-east", "japan-east", "region could not be checked: connection refused",
                        "connection refused")));
        Files.createDirectories(TARGET);
        Path html = TARGET.resolve("residency-report.html");
        Files.writeString(html, ReportHtml.render(report), StandardCharsets.UTF_8);

        String dom = run(chromium.get(), "dom", "--dump-dom", html.toUri().toString());
        assertThat(dom).contains("id=\"findings\"");
        assertThat(Pattern.compile("class=\"finding\"").matcher(dom).results().count()).isEqualTo(4);
        assertThat(dom).contains("eu-central", "us-east", "japan-east", "UNKNOWN");

        Path png = TARGET.resolve("residency-report.png");
        Files.deleteIfExists(png);
        run(chromium.get(), "screenshot", "--screenshot=" + png, "--window-size=1280,2000", html.toUri().toString());
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    /** Runs chromium headless with a throw-away profile; its standard output, or a failure naming its log. */
    private static String run(Path chromium, String name, String... args) throws IOException, InterruptedException {
        Path work = Files.createDirectories(TARGET.resolve("chromium"));
        Path profile = Files.createTempDirectory(work, "profile-");
        Path out = work.resolve(name + ".out");
        Path log = work.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
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

    private static Optional<Path> chromium() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "chromium")).filter(Files::isExecutable).findFirst();
    }
}
