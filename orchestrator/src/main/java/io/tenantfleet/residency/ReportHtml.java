package io.tenantfleet.residency;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A residency report as one self-contained HTML file: inline CSS and SVG, no script, and a content
 * security policy that forbids every fetch. It reads in this order: the verdict, the findings, a
 * chart of findings per region (unknown regions hatched and marked UNKNOWN, never as clean), then
 * per requirement its check and each finding's evidence, in {@code <details>}. Every value from the
 * report is HTML-escaped: subjects and returned values come from the servers inspected.
 */
public final class ReportHtml {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private static final String CSS = css();

    private ReportHtml() {
    }

    public static String render(ResidencyReport report) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Residency report ").append(escape(report.reportId())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(html, report);
        findings(html, report);
        html.append("<section id=\"regions\">\n<h2>Regions</h2>\n").append(ReportChart.svg(report));
        regions(html, report);
        html.append("</section>\n");
        ReportHtmlRules.requirements(html, report);
        html.append("<footer>Format ").append(escape(ResidencyJson.FORMAT)).append(". The report digest is SHA-256 of ")
                .append("the JSON document without its digest field; <code>orchestrator residency verify REPORT.json</code> ")
                .append("checks it again.</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, ResidencyReport report) {
        html.append("<header>\n<h1>Residency report</h1>\n<dl class=\"facts\">\n");
        fact(html, "Report id", report.reportId());
        fact(html, "Generated at", report.generatedAt().toString());
        fact(html, "Catalog", report.catalog());
        fact(html, "Catalog digest", report.catalogDigest());
        fact(html, "Report digest", report.digest());
        fact(html, "Exit code", ReportFacts.exitMeaning(report));
        html.append("</dl>\n");
        int exit = report.exitCode();
        String kind = exit == 0 ? "clean" : exit == 1 ? "incomplete" : "findings";
        int findings = report.findings().size();
        html.append("<p class=\"verdict ").append(kind).append("\">")
                .append(findings == 0 ? "No findings" : findings + (findings == 1 ? " finding" : " findings")).append(" in ")
                .append(ReportFacts.checked(report)).append(" checked regions");
        if (ReportFacts.unknown(report) > 0) {
            html.append("; ").append(ReportFacts.unknown(report)).append(" UNKNOWN (could not be checked)");
        }
        html.append("</p>\n</header>\n");
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<dt>").append(name).append("</dt><dd class=\"mono\">").append(escape(value)).append("</dd>\n");
    }

    private static void findings(StringBuilder html, ResidencyReport report) {
        html.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (report.findings().isEmpty()) {
            html.append("<p class=\"no-findings\">No findings. Regions checked: ").append(names(report, false))
                    .append(".</p>\n");
        }
        if (ReportFacts.unknown(report) > 0) {
            html.append("<p class=\"unknown\">UNKNOWN, not checked and so not shown compliant: ")
                    .append(names(report, true)).append(".</p>\n");
        }
        for (List<Finding> group : ReportFacts.byRule(report).values()) {
            for (Finding finding : group) {
                html.append("<div class=\"finding\" data-rule=\"").append(escape(finding.rule())).append("\" data-region=\"")
                        .append(escape(finding.region())).append("\">\n<span class=\"rule\"><a href=\"#rule-")
                        .append(escape(finding.rule())).append("\">").append(escape(finding.rule())).append("</a></span> ")
                        .append(escape(ReportFacts.title(finding.rule()))).append(" <span class=\"where\">in <b>")
                        .append(escape(finding.region())).append("</b>: <code>").append(escape(finding.subject()))
                        .append("</code></span>\n<div class=\"summary\">").append(escape(finding.summary()))
                        .append("</div>\n</div>\n");
            }
        }
        html.append("</section>\n");
    }

    private static String names(ResidencyReport report, boolean unknown) {
        String names = report.regions().stream().filter(r -> ReportFacts.unknown(r) == unknown)
                .map(r -> "<b>" + escape(r.region()) + "</b>").collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }

    private static void regions(StringBuilder html, ResidencyReport report) {
        html.append("<table class=\"regions\">\n<tr><th>Region</th><th>Status</th><th>Server</th><th>Tenants</th>")
                .append("<th>Schemas</th><th>Findings</th><th>Ledger head (entries)</th><th>Rules run</th></tr>\n");
        for (RegionCheck region : report.regions()) {
            boolean unknown = ReportFacts.unknown(region);
            html.append("<tr class=\"region\" data-region=\"").append(escape(region.region())).append("\"><td><b>")
                    .append(escape(region.region())).append("</b></td><td class=\"status-")
                    .append(unknown ? "unknown" : "checked").append("\">").append(ReportFacts.status(region))
                    .append(region.error().map(e -> "<br>" + escape(e)).orElse("")).append("</td><td class=\"mono\">")
                    .append(escape(region.server())).append("</td><td>").append(region.tenants()).append("</td><td>")
                    .append(unknown ? "-" : String.valueOf(region.schemas())).append("</td><td>")
                    .append(ReportFacts.findingsIn(report, region.region())).append("</td><td class=\"mono\">")
                    .append(escape(region.ledgerHead().map(ReportFacts::shortDigest).orElse("-"))).append(" (")
                    .append(region.ledgerEntries()).append(")</td><td>")
                    .append(region.rules().stream().map(r -> "<span class=\"id\">" + escape(r) + "</span>")
                            .collect(Collectors.joining(", "))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    static String escape(String value) {
        return io.tenantfleet.text.Html.escape(value);
    }

    private static String css() {
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream("residency/report.css")) {
            if (in == null) {
                throw new IllegalStateException("residency/report.css missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
