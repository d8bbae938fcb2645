package io.tenantfleet.residency;

import io.tenantfleet.text.Table;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A residency report for terminals: a header line, a table of regions, the findings grouped by
 * rule, and a last line that scripts can read ({@code residency: N regions checked, M unknown,
 * K findings (exit X)}). Values from servers are shown on one line with control characters
 * escaped, so a hostile subject cannot break the table or send terminal escape sequences.
 */
public final class ReportText {

    private ReportText() {
    }

    public static String render(ResidencyReport report) {
        StringBuilder text = new StringBuilder();
        text.append("residency report ").append(oneLine(report.reportId()))
                .append("  generated ").append(report.generatedAt())
                .append("  catalog ").append(ReportFacts.shortDigest(report.catalogDigest()))
                .append("  exit ").append(ReportFacts.exitMeaning(report)).append('\n');
        Table regions = new Table("REGION", "STATUS", "SERVER", "TENANTS", "SCHEMAS", "FINDINGS");
        for (RegionCheck region : report.regions()) {
            regions.row(oneLine(region.region()), ReportFacts.status(region), oneLine(region.server()), region.tenants(),
                    ReportFacts.unknown(region) ? null : region.schemas(), ReportFacts.findingsIn(report, region.region()));
        }
        text.append('\n').append(regions.render());
        text.append('\n');
        if (report.findings().isEmpty()) {
            text.append("no findings\n");
        } else {
            Table findings = new Table("RULE", "REGION", "SUBJECT", "SUMMARY");
            for (List<Finding> group : ReportFacts.byRule(report).values()) {
                group.forEach(f -> findings.row(oneLine(f.rule()), oneLine(f.region()), oneLine(f.subject()),
                        oneLine(f.summary())));
            }
            text.append(findings.render());
        }
        if (ReportFacts.unknown(report) > 0) {
            text.append('\n');
        }
        for (RegionCheck region : report.regions()) {
            if (ReportFacts.unknown(region)) {
                text.append("UNKNOWN ").append(oneLine(region.region())).append(": ")
                        .append(oneLine(region.error().orElse("not checked"))).append('\n');
            }
        }
        text.append('\n').append(String.format("residency: %d regions checked, %d unknown, %d findings (exit %d)\n",
                ReportFacts.checked(report), ReportFacts.unknown(report), report.findings().size(), report.exitCode()));
        return text.toString();
    }

    /** The value on one line: control characters (newlines, ESC ...) written as backslash escapes. */
    static String oneLine(String value) {
        if (value == null) {
            return null;
        }
        return value.codePoints().mapToObj(c -> switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c);
        }).collect(Collectors.joining());
    }
}
