package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.support.Chromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The HTML report opened in headless Chromium (the Debian {@code chromium} package, which .ci/run
 * installs): the rendered DOM has the findings section with one {@code .finding} per finding and
 * every region, and a screenshot lands in {@code target/residency-report.png}. Skipped where
 * Chromium is not installed, except on CI ({@code CI=true}), where a skip would hide a missing install.
 */
class ReportHtmlBrowserTest {

    private static final Path TARGET = Chromium.TARGET;

    @Test
    void chromiumRendersTheFindingsSectionAndTakesAScreenshot() throws Exception {
        Chromium chromium = Chromium.required();
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

        String dom = chromium.dom(html.toUri().toString());
        assertThat(dom).contains("id=\"findings\"");
        assertThat(Pattern.compile("class=\"finding\"").matcher(dom).results().count()).isEqualTo(4);
        assertThat(dom).contains("eu-central", "us-east", "japan-east", "UNKNOWN");

        chromium.screenshot(html.toUri().toString(), TARGET.resolve("residency-report.png"));
    }
}
