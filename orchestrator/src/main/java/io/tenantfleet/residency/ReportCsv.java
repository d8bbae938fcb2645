package io.tenantfleet.residency;

import java.util.List;

/**
 * A residency report for spreadsheets: one row per finding with its evidence, after a header row
 * (RFC 4180: CRLF line ends; a field holding a comma, a quote, CR or LF is quoted, quotes doubled).
 * A clean report is the header alone. Values come from the servers inspected, so a field that a
 * spreadsheet would read as a formula (starting with {@code = + - @}, tab, CR or LF, or their
 * full-width forms, which some locales' spreadsheets also take; leading spaces do not hide it) is
 * written with a leading apostrophe, which spreadsheets show as text.
 */
public final class ReportCsv {

    static final List<String> HEADER = List.of("report_id", "rule", "rule_title", "region", "subject", "summary",
            "server", "object", "query", "returned", "checked_at", "policy_version");

    /** What a formula may start with: {@code = + - @}, their full-width forms, tab, CR, LF. */
    private static final String FORMULA_START = "=+-@\uFF1D\uFF0B\uFF0D\uFF20\t\r\n";

    private ReportCsv() {
    }

    public static String render(ResidencyReport report) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (Finding finding : report.findings()) {
            Evidence evidence = finding.evidence();
            line(csv, List.of(report.reportId(), finding.rule(), ReportFacts.title(finding.rule()), finding.region(),
                    finding.subject(), finding.summary(), evidence.server(), evidence.object(), evidence.query(),
                    evidence.returned(), evidence.checkedAt().toString(), evidence.policyVersion()));
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    /** One field: neutralized as a formula, then quoted when RFC 4180 requires it. */
    static String field(String value) {
        String text = value == null ? "" : value;
        String start = text.stripLeading();
        if (!text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0
                || !start.isEmpty() && FORMULA_START.indexOf(start.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
