package io.tenantfleet.ops;

import static io.tenantfleet.text.Html.escape;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The operators' dashboard as one server-rendered page: no script, no external fetch (its Content
 * Security Policy allows none), every value from the servers HTML-escaped. Sections: regions
 * (health, breaker, tenants by status), the latest rollout (tenants per region and state), the
 * latest residency report (each region's state and findings). It refreshes itself every 30 s.
 */
public final class DashboardHtml {

    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'";
    private static final List<String> STATUSES = List.of("ACTIVE", "PROVISIONING", "FAILED");
    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1a1a1a}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
            table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#f3f3f3}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.UP{color:#106b21;font-weight:600}.DOWN,.UNKNOWN,.failed,
            .unknown{color:#a61b1b;font-weight:600}.muted{color:#666}""";

    private DashboardHtml() {
    }

    public static String render(Dashboard.Facts facts) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"30\">\n<title>tenant-fleet dashboard</title>\n<style>")
                .append(CSS).append("</style></head><body>\n<h1>tenant-fleet</h1>\n<p class=\"muted\">As of ")
                .append(escape(DateTimeFormatter.ISO_INSTANT.format(facts.at()))).append(" (refreshes every 30 s)</p>\n");
        regions(html, facts);
        rollout(html, facts);
        residency(html, facts);
        return html.append("</body></html>\n").toString();
    }

    private static void regions(StringBuilder html, Dashboard.Facts facts) {
        html.append("<section id=\"regions\"><h2>Regions</h2>\n<table><tr><th>region</th><th>jurisdictions</th><th>tier</th>"
                + "<th>health</th><th>circuit breaker</th>");
        STATUSES.forEach(s -> html.append("<th>").append(s.toLowerCase(java.util.Locale.ROOT)).append("</th>"));
        html.append("</tr>\n");
        for (Dashboard.RegionLine region : facts.regions()) {
            html.append("<tr class=\"region\" data-region=\"").append(escape(region.id())).append("\" data-health=\"")
                    .append(escape(region.health())).append("\"><td>").append(escape(region.id())).append("</td><td>")
                    .append(escape(String.join(", ", region.jurisdictions()))).append("</td><td>").append(escape(region.tier()))
                    .append("</td><td class=\"").append(escape(region.health())).append("\">").append(escape(region.health()))
                    .append(region.error() == null ? "" : " <span class=\"muted\">" + escape(region.error().toString()) + "</span>")
                    .append("</td><td>").append(escape(Objects.toString(region.breaker(), "")));
            STATUSES.forEach(s -> html.append("</td><td class=\"n\">").append(region.tenants().getOrDefault(s, 0L)));
            html.append("</td></tr>\n");
        }
        html.append("</table></section>\n");
    }

    private static void rollout(StringBuilder html, Dashboard.Facts facts) {
        html.append("<section id=\"rollout\"><h2>Latest rollout</h2>\n");
        if (facts.rollout().isEmpty()) {
            html.append("<p class=\"muted\">No rollout yet.</p></section>\n");
            return;
        }
        Dashboard.Rollout run = facts.rollout().get();
        html.append("<p>Run ").append(run.id()).append(" to version ").append(escape(run.target())).append(": <strong>")
                .append(escape(run.status())).append("</strong>, started ").append(escape(run.created().toString())).append("</p>\n");
        TreeSet<String> states = new TreeSet<>();
        run.regions().values().forEach(m -> states.addAll(m.keySet()));
        html.append("<table><tr><th>region</th>");
        states.forEach(s -> html.append("<th>").append(escape(s)).append("</th>"));
        html.append("</tr>\n");
        run.regions().forEach((region, counts) -> {
            html.append("<tr class=\"rollout-region\" data-region=\"").append(escape(region)).append("\"><td>").append(escape(region));
            states.forEach(s -> html.append("</td><td class=\"n ").append(escape(s)).append("\">").append(counts.getOrDefault(s, 0L)));
            html.append("</td></tr>\n");
        });
        html.append("</table></section>\n");
    }

    private static void residency(StringBuilder html, Dashboard.Facts facts) {
        html.append("<section id=\"residency\"><h2>Latest residency report</h2>\n");
        if (facts.residency().isEmpty()) {
            html.append("<p class=\"muted\">No residency report yet.</p></section>\n");
            return;
        }
        Dashboard.Residency report = facts.residency().get();
        html.append("<p>Report <code>").append(escape(report.reportId())).append("</code> (run ").append(report.id())
                .append("): <strong>").append(escape(report.status())).append("</strong>, ")
                .append(escape(report.created().toString())).append("</p>\n<table><tr><th>region</th><th>state</th>"
                        + "<th>findings</th></tr>\n");
        for (Map.Entry<String, String> region : report.states().entrySet()) {
            html.append("<tr class=\"residency-region\" data-region=\"").append(escape(region.getKey())).append("\"><td>")
                    .append(escape(region.getKey())).append("</td><td class=\"").append(escape(region.getValue())).append("\">")
                    .append(escape(region.getValue())).append("</td><td class=\"n\">")
                    .append(report.findings().getOrDefault(region.getKey(), 0L)).append("</td></tr>\n");
        }
        html.append("</table></section>\n");
    }
}
