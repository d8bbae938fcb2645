package io.tenantfleet.residency;

import static io.tenantfleet.residency.ReportHtml.escape;

import java.util.List;

/**
 * The per-region summary chart of the HTML report, inline SVG: one bar per region, its length the
 * region's findings; green when checked and clean, red when checked with findings, a hatched grey
 * bar labelled UNKNOWN when the region could not be checked (never drawn as clean).
 */
final class ReportChart {

    static final String CLEAN = "#067647";
    static final String FINDINGS = "#b42318";
    static final String UNKNOWN = "#667085";
    private static final int ROW = 34;
    private static final int LABEL = 170;
    private static final int BAR = 420;
    private static final int WIDTH = LABEL + BAR + 200;

    private ReportChart() {
    }

    static String svg(ResidencyReport report) {
        List<RegionCheck> regions = report.regions();
        long most = Math.max(1, regions.stream().mapToLong(r -> ReportFacts.findingsIn(report, r.region())).max().orElse(0));
        int height = ROW * regions.size() + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" aria-labelledby=\"chart-title\">\n")
                .append("<title id=\"chart-title\">Findings per region</title>\n")
                .append("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#eaecf0\"/>")
                .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"").append(UNKNOWN)
                .append("\" stroke-width=\"4\"/></pattern></defs>\n");
        for (int i = 0; i < regions.size(); i++) {
            bar(svg, report, regions.get(i), most, i * ROW + 10);
        }
        svg.append("<text x=\"").append(LABEL).append("\" y=\"").append(height - 4)
                .append("\" class=\"axis\">findings (bar length; longest = ").append(most).append(")</text>\n");
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, ResidencyReport report, RegionCheck region, long most, int y) {
        long findings = ReportFacts.findingsIn(report, region.region());
        boolean unknown = ReportFacts.unknown(region);
        String fill = unknown ? "url(#hatch)" : findings == 0 ? CLEAN : FINDINGS;
        long width = unknown ? BAR : Math.max(4, BAR * findings / most);
        String label = unknown ? "UNKNOWN: not checked" : findings == 0 ? "0 findings: clean" : findings + (findings == 1 ? " finding" : " findings");
        svg.append("<g class=\"bar\" data-region=\"").append(escape(region.region())).append("\" data-status=\"")
                .append(escape(region.status())).append("\">")
                .append("<title>").append(escape(region.region())).append(": ").append(escape(label)).append("</title>")
                .append("<text x=\"0\" y=\"").append(y + 17).append("\" class=\"region\">").append(escape(region.region()))
                .append("</text>")
                .append("<rect x=\"").append(LABEL).append("\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"24\" rx=\"3\" fill=\"").append(fill).append('"')
                .append(unknown ? " stroke=\"" + UNKNOWN + "\" stroke-dasharray=\"4 3\"" : "").append("/>")
                .append("<text x=\"").append(LABEL + width + 8).append("\" y=\"").append(y + 17).append("\" class=\"")
                .append(unknown ? "unknown" : findings == 0 ? "clean" : "count").append("\">").append(escape(label))
                .append("</text></g>\n");
    }
}
