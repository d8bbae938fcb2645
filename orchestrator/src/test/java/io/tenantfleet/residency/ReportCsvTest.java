package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    private static final String HEADER = "report_id,rule,rule_title,region,subject,summary,server,object,query,returned,"
            + "checked_at,policy_version\r\n";

    @Test
    void writesOneRowPerFindingWithItsEvidence() {
        String csv = ReportCsv.render(ReportSamples.withFindings());
        assertThat(csv).startsWith(HEADER);
        assertThat(csv.split("\r\n", -1)).hasSize(5).endsWith("");
        assertThat(csv).contains("\r\nrr-20250601-120000-7f3a,RES-01,Tenant schema outside its home region,us-east,org_acme,"
                + "tenant acme (home eu-central) has a schema on us-east,127.0.0.1:5432/us_east,org_acme,"
                + "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'org\\_%',org_acme,2025-06-01T12:00:00Z,"
                + "a".repeat(64) + "\r\n");
    }

    @Test
    void aCleanReportIsTheHeaderAlone() {
        assertThat(ReportCsv.render(ReportSamples.clean())).isEqualTo(HEADER);
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAsRfc4180Says() {
        assertThat(ReportCsv.field("plain")).isEqualTo("plain");
        assertThat(ReportCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ReportCsv.field("cr\rlf")).isEqualTo("\"cr\rlf\"");
        assertThat(ReportCsv.field(null)).isEmpty();
    }

    @Test
    void neutralizesWhatASpreadsheetWouldRunAsAFormula() {
        assertThat(ReportCsv.field("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(ReportCsv.field("+1")).isEqualTo("'+1");
        assertThat(ReportCsv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(ReportCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ReportCsv.field("\t=1")).isEqualTo("'\t=1");
        assertThat(ReportCsv.field("a=1")).isEqualTo("a=1");
        assertThat(ReportCsv.field("  =1+1")).as("leading spaces do not hide a formula").isEqualTo("'  =1+1");
        assertThat(ReportCsv.field("\uFF1DSUM(A1)")).as("a full-width equals sign").isEqualTo("'\uFF1DSUM(A1)");
        assertThat(ReportCsv.field("\n=1")).isEqualTo("\"'\n=1\"");
        assertThat(ReportCsv.field(" ")).isEqualTo(" ");
        assertThat(ReportCsv.field("- 2")).isEqualTo("'- 2");
    }

    @Test
    void aHostileReturnedValueStaysInsideItsField() {
        ResidencyReport report = ReportSamples.report(List.of(ReportSamples.checked("eu-central", 1, 2)), List.of(
                ReportSamples.finding("RES-03", "eu-central", "=cmd|' /C calc'!A0", "stray", "x\",\"injected\r\nrow")));
        String[] lines = ReportCsv.render(report).split("\r\n", -1);
        assertThat(lines[1]).contains(",'=cmd|' /C calc'!A0,").contains(",\"x\"\",\"\"injected");
        assertThat(lines[2]).startsWith("row\",");
    }
}
