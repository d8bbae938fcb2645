package io.tenantfleet.residency;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Residency reports built from the records, for the renderers' tests (no database: they render, they do not check). */
final class ReportSamples {

    static final String CATALOG_DIGEST = "a".repeat(64);
    static final Instant AT = Instant.parse("2025-06-01T12:00:00Z");
    static final List<String> RULES = List.of("RES-01", "RES-02", "RES-03", "RES-04", "RES-05", "RES-06", "RES-07",
            "RES-08");

    private ReportSamples() {
    }

    static RegionCheck checked(String region, int tenants, int schemas) {
        return new RegionCheck(region, RegionCheck.CHECKED, "127.0.0.1:5432/" + region.replace('-', '_')
                + ", PostgreSQL 17.5", Optional.of("b".repeat(64)), 12, tenants, schemas, RULES, Optional.empty());
    }

    static RegionCheck unknown(String region, int tenants) {
        return new RegionCheck(region, RegionCheck.UNKNOWN, "db.us-east.internal", Optional.empty(), 0, tenants, 0,
                List.of("RES-09"), Optional.of("connection refused"));
    }

    static Finding finding(String rule, String region, String subject, String summary, String returned) {
        return new Finding(rule, region, subject, summary, new Evidence("127.0.0.1:5432/" + region.replace('-', '_'),
                subject, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'org\\_%'", returned, AT, CATALOG_DIGEST));
    }

    static ResidencyReport report(List<RegionCheck> regions, List<Finding> findings) {
        ResidencyReport report = new ResidencyReport(ResidencyReport.FORMAT_VERSION, "rr-20250601-120000-7f3a", AT,
                "region-config/catalog-local.yml", CATALOG_DIGEST, regions, findings, "");
        return report.withDigest(ReportDigest.of(report));
    }

    static ResidencyReport clean() {
        return report(List.of(checked("eu-central", 4, 4), checked("us-east", 2, 2), checked("japan-east", 1, 1)), List.of());
    }

    static ResidencyReport withFindings() {
        return report(List.of(checked("eu-central", 4, 5), checked("us-east", 2, 3), checked("japan-east", 1, 1)), List.of(
                finding("RES-03", "eu-central", "org_stray", "schema org_stray belongs to no registered tenant",
                        "org_stray"),
                finding("RES-01", "us-east", "org_acme", "tenant acme (home eu-central) has a schema on us-east",
                        "org_acme"),
                finding("RES-04", "eu-central", "cross_region_metadata:42", "an email address in a metadata value",
                        "j***@e******.com")));
    }

    static ResidencyReport withUnknown() {
        return report(List.of(checked("eu-central", 4, 4), unknown("us-east", 2), checked("japan-east", 1, 1)), List.of(
                finding("RES-09", "us-east", "us-east", "region could not be checked: connection refused",
                        "connection refused")));
    }
}
