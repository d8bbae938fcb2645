package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTextTest {

    @Test
    void printsHeaderRegionsFindingsByRuleAndTheLastLine() {
        assertThat(ReportText.render(ReportSamples.withFindings()).lines().toList()).containsExactly(
                "residency report rr-20250601-120000-7f3a  generated 2025-06-01T12:00:00Z  catalog aaaaaaaaaaaa"
                        + "  exit 3: findings (every region checked)",
                "",
                "REGION      STATUS   SERVER                                      TENANTS  SCHEMAS  FINDINGS",
                "eu-central  checked  127.0.0.1:5432/eu_central, PostgreSQL 17.5  4        5        2",
                "us-east     checked  127.0.0.1:5432/us_east, PostgreSQL 17.5     2        3        1",
                "japan-east  checked  127.0.0.1:5432/japan_east, PostgreSQL 17.5  1        1        0",
                "",
                "RULE    REGION      SUBJECT                   SUMMARY",
                "RES-01  us-east     org_acme                  tenant acme (home eu-central) has a schema on us-east",
                "RES-03  eu-central  org_stray                 schema org_stray belongs to no registered tenant",
                "RES-04  eu-central  cross_region_metadata:42  an email address in a metadata value",
                "",
                "residency: 3 regions checked, 0 unknown, 3 findings (exit 3)");
    }

    @Test
    void saysNoFindingsAndExitZeroWhenClean() {
        List<String> lines = ReportText.render(ReportSamples.clean()).lines().toList();
        assertThat(lines.get(0)).endsWith("exit 0: clean (every region checked, nothing found)");
        assertThat(lines).contains("no findings");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("residency: 3 regions checked, 0 unknown, 0 findings (exit 0)");
    }

    @Test
    void showsAnUnreachableRegionAsUnknownWithItsErrorNeverAsClean() {
        List<String> lines = ReportText.render(ReportSamples.withUnknown()).lines().toList();
        assertThat(lines.get(0)).endsWith("exit 1: incomplete (a region could not be checked: unknown, not compliant)");
        assertThat(lines).contains("us-east     UNKNOWN  db.us-east.internal                         2        -        1",
                "UNKNOWN us-east: connection refused");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("residency: 2 regions checked, 1 unknown, 1 findings (exit 1)");
    }

    @Test
    void keepsAHostileSubjectOnOneLineWithoutControlCharacters() {
        ResidencyReport report = ReportSamples.report(List.of(ReportSamples.checked("eu-central", 1, 2)), List.of(
                ReportSamples.finding("RES-03", "eu-central", "org_x\n\u001b[2Jfake line", "stray", "org_x")));
        String text = ReportText.render(report);
        assertThat(text).doesNotContain("\u001b").contains("org_x\\n\\u001b[2Jfake line");
        assertThat(text.lines().filter(l -> l.startsWith("fake line"))).isEmpty();
    }
}
