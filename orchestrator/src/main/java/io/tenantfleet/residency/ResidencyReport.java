package io.tenantfleet.residency;

import java.time.Instant;
import java.util.List;

/**
 * A residency report: per region how it was checked, and every finding with its evidence. The
 * digest is SHA-256 of the report's canonical JSON without the digest itself ({@link ReportDigest});
 * each region's ledger records the report's id and digest.
 *
 * @param formatVersion  the JSON structure's version (its JSON Schema: residency-report-v1.schema.json)
 * @param catalog        where the catalog was read from
 * @param catalogDigest  SHA-256 of the catalog and the bundled jurisdiction rules, the policy version of every finding
 * @param digest         SHA-256 (hex) of the canonical content; empty until computed
 */
public record ResidencyReport(int formatVersion, String reportId, Instant generatedAt, String catalog,
        String catalogDigest, List<RegionCheck> regions, List<Finding> findings, String digest) {

    public static final int FORMAT_VERSION = 1;
    /** Exit code when every region was checked and something was found. */
    public static final int FINDINGS = 3;

    public ResidencyReport {
        regions = List.copyOf(regions);
        findings = List.copyOf(findings);
    }

    public boolean everyRegionChecked() {
        return regions.stream().allMatch(r -> r.status().equals(RegionCheck.CHECKED));
    }

    /** 0: every region checked, nothing found; 1: a region could not be checked; 3: findings. */
    public int exitCode() {
        if (!everyRegionChecked()) {
            return 1;
        }
        return findings.isEmpty() ? 0 : FINDINGS;
    }

    public ResidencyReport withDigest(String value) {
        return new ResidencyReport(formatVersion, reportId, generatedAt, catalog, catalogDigest, regions, findings, value);
    }
}
