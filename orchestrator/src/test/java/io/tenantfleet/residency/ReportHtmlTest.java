package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "\"><img src=x onerror=alert(1)>";

    private static int count(String html, String text) {
        Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(html);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @Test
    void putsFindingsFirstOneElementEachWithItsRule() {
        String html = ReportHtml.render(ReportSamples.withFindings());
        assertThat(count(html, "class=\"finding\"")).isEqualTo(3);
        assertThat(html).contains("data-rule=\"RES-01\"", "data-rule=\"RES-03\"", "data-rule=\"RES-04\"");
        assertThat(html.indexOf("id=\"findings\"")).isPositive().isLessThan(html.indexOf("<svg"));
        assertThat(html.indexOf("<svg")).isLessThan(html.indexOf("id=\"requirements\""));
        assertThat(html).contains("3: findings (every region checked)", ReportSamples.withFindings().digest(),
                ReportSamples.CATALOG_DIGEST, "rr-20250601-120000-7f3a");
    }

    @Test
    void drillsDownFromRequirementToEvidence() {
        String html = ReportHtml.render(ReportSamples.withFindings());
        assertThat(count(html, "<details class=\"rule")).isEqualTo(ResidencyRule.values().length);
        assertThat(count(html, "<details class=\"evidence\"")).isEqualTo(3);
        assertThat(html).contains(ReportHtml.escape(ResidencyRule.FOREIGN_SCHEMA.requirement()),
                "<pre>SELECT nspname FROM pg_namespace WHERE nspname LIKE &#39;org\\_%&#39;</pre>",
                "<pre>j***@e******.com</pre>", "2025-06-01T12:00:00Z");
    }

    @Test
    void aCleanReportSaysNoFindingsAndNamesTheRegionsChecked() {
        String html = ReportHtml.render(ReportSamples.clean());
        assertThat(html).contains("No findings. Regions checked: <b>eu-central</b>, <b>us-east</b>, <b>japan-east</b>.",
                "0: clean (every region checked, nothing found)", "verdict clean");
        assertThat(count(html, "class=\"finding\"")).isZero();
        assertThat(html).doesNotContain("UNKNOWN");
    }

    @Test
    void anUnknownRegionIsShownUnknownNeverCompliant() {
        String html = ReportHtml.render(ReportSamples.withUnknown());
        assertThat(html).contains("verdict incomplete", "1 UNKNOWN (could not be checked)",
                "UNKNOWN, not checked and so not shown compliant: <b>us-east</b>",
                "data-region=\"us-east\" data-status=\"unknown\"", "UNKNOWN: not checked", "fill=\"url(#hatch)\"",
                "<td class=\"status-unknown\">UNKNOWN<br>connection refused</td>");
        Matcher bar = Pattern.compile("data-region=\"us-east\" data-status=\"unknown\">.*?</g>").matcher(html);
        assertThat(bar.find()).isTrue();
        assertThat(bar.group()).doesNotContain(ReportChart.CLEAN, "clean");
    }

    @Test
    void escapesHostileValuesEverywhere() {
        RegionCheck hostileServer = new RegionCheck("eu-central", RegionCheck.UNKNOWN, IMG, Optional.empty(), 0, 1, 0,
                List.of("RES-09"), Optional.of(SCRIPT));
        ResidencyReport report = ReportSamples.report(List.of(hostileServer, ReportSamples.checked("us-east", 1, 2)),
                List.of(ReportSamples.finding("RES-03", "us-east", SCRIPT, IMG, SCRIPT + IMG),
                        ReportSamples.finding("RES-04", "us-east", IMG, SCRIPT, "</pre>" + SCRIPT)));
        String html = ReportHtml.render(report);
        assertThat(html).doesNotContain(SCRIPT, IMG, "<script", "<img", "</pre><script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
                "<pre>&lt;/pre&gt;&lt;script&gt;");
        assertThat(count(html, "class=\"finding\"")).isEqualTo(2);
    }

    @Test
    void escapesTheFiveCharactersThatMatter() {
        assertThat(ReportHtml.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(ReportHtml.escape(null)).isEmpty();
    }

    @Test
    void fetchesNothing() {
        String html = ReportHtml.render(ReportSamples.withFindings());
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">");
        assertThat(html).doesNotContain("<script", "<link", "@import", "src=", "url(http", "href=\"http");
        // the only absolute URL is the SVG namespace, a name, not something fetched
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
    }
}
