package io.tenantfleet.rollout;

import java.util.List;

/**
 * Drift of one tenant schema from the template at its recorded version.
 *
 * @param differences lines such as {@code missing: column assessments.risk_score integer} or
 *                    {@code history: V2 checksum 123 differs from the template's 456}
 */
public record DriftReport(String slug, String region, String version, List<String> differences) {

    public DriftReport {
        differences = List.copyOf(differences);
    }

    public boolean drifted() {
        return !differences.isEmpty();
    }
}
