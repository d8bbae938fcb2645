package io.tenantfleet.residency;

import static io.tenantfleet.residency.ReportHtml.escape;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The drill-down of the HTML report, without script: per rule ({@code <details>}, open when it has
 * findings) the requirement it serves, the regions where it ran, and each of its findings with the
 * evidence (server, object, the query in {@code <pre>}, what it returned, when, policy version).
 */
final class ReportHtmlRules {

    private ReportHtmlRules() {
    }

    static void requirements(StringBuilder html, ResidencyReport report) {
        html.append("<section id=\"requirements\">\n<h2>Requirements, checks and evidence</h2>\n");
        for (ResidencyRule rule : ResidencyRule.values()) {
            List<Finding> findings = report.findings().stream().filter(f -> f.rule().equals(rule.id())).toList();
            rule(html, report, rule.id(), rule.title(), rule.requirement(), findings);
        }
        // a report read back from a newer version may hold rules this one does not know: shown, not dropped
        ReportFacts.byRule(report).forEach((id, findings) -> {
            if (!ReportFacts.known(id)) {
                rule(html, report, id, ReportFacts.title(id), "", findings);
            }
        });
        html.append("</section>\n");
    }

    private static void rule(StringBuilder html, ResidencyReport report, String id, String title, String requirement,
            List<Finding> findings) {
        html.append("<details class=\"rule").append(findings.isEmpty() ? "" : " has-findings").append("\" id=\"rule-")
                .append(escape(id)).append('"').append(findings.isEmpty() ? "" : " open").append(">\n<summary>")
                .append(escape(id)).append(' ').append(escape(title)).append(" <span class=\"n\">")
                .append(findings.isEmpty() ? "no findings" : findings.size() + (findings.size() == 1 ? " finding" : " findings"))
                .append("</span></summary>\n<p class=\"requirement\">").append(escape(requirement)).append("</p>\n")
                .append("<p>Checked in: ").append(ranIn(report, id)).append("</p>\n");
        for (Finding finding : findings) {
            evidence(html, finding);
        }
        html.append("</details>\n");
    }

    private static String ranIn(ResidencyReport report, String id) {
        String regions = report.regions().stream().filter(r -> r.rules().contains(id))
                .map(r -> escape(r.region()) + (ReportFacts.unknown(r) ? " <span class=\"unknown\">(UNKNOWN)</span>" : ""))
                .collect(Collectors.joining(", "));
        String unchecked = report.regions().stream().filter(r -> ReportFacts.unknown(r) && !r.rules().contains(id))
                .map(r -> escape(r.region())).collect(Collectors.joining(", "));
        return (regions.isEmpty() ? "no region" : regions)
                + (unchecked.isEmpty() ? "" : "; <span class=\"unknown\">not checked in " + unchecked + " (UNKNOWN)</span>");
    }

    private static void evidence(StringBuilder html, Finding finding) {
        Evidence evidence = finding.evidence();
        html.append("<details class=\"evidence\" data-rule=\"").append(escape(finding.rule())).append("\">\n<summary><b>")
                .append(escape(finding.region())).append("</b> <code>").append(escape(finding.subject())).append("</code>: ")
                .append(escape(finding.summary())).append("</summary>\n<dl class=\"facts\">\n")
                .append("<dt>Server</dt><dd class=\"mono\">").append(escape(evidence.server())).append("</dd>\n")
                .append("<dt>Object</dt><dd class=\"mono\">").append(escape(evidence.object())).append("</dd>\n")
                .append("<dt>Query</dt><dd><pre>").append(escape(evidence.query())).append("</pre></dd>\n")
                .append("<dt>Returned</dt><dd><pre>").append(escape(evidence.returned())).append("</pre></dd>\n")
                .append("<dt>Checked at</dt><dd class=\"mono\">").append(escape(evidence.checkedAt().toString()))
                .append("</dd>\n<dt>Policy version</dt><dd class=\"mono\">").append(escape(evidence.policyVersion()))
                .append("</dd>\n</dl>\n</details>\n");
    }
}
