package io.tenantfleet.residency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every rendering of a report says the same way: the exit code's meaning, the regions by
 * status, and the findings per region and per rule (rules in their id order, findings in report order).
 */
final class ReportFacts {

    private ReportFacts() {
    }

    /** The exit code and what it means, e.g. {@code 3: findings (every region checked)}. */
    static String exitMeaning(ResidencyReport report) {
        int code = report.exitCode();
        return code + ": " + switch (code) {
            case 0 -> "clean (every region checked, nothing found)";
            case 1 -> "incomplete (a region could not be checked: unknown, not compliant)";
            default -> "findings (every region checked)";
        };
    }

    static boolean unknown(RegionCheck region) {
        return !region.status().equals(RegionCheck.CHECKED);
    }

    /** The status as shown to a person: {@code checked}, or {@code UNKNOWN}. */
    static String status(RegionCheck region) {
        return unknown(region) ? "UNKNOWN" : RegionCheck.CHECKED;
    }

    static long checked(ResidencyReport report) {
        return report.regions().stream().filter(r -> !unknown(r)).count();
    }

    static long unknown(ResidencyReport report) {
        return report.regions().size() - checked(report);
    }

    static long findingsIn(ResidencyReport report, String region) {
        return report.findings().stream().filter(f -> f.region().equals(region)).count();
    }

    /** Findings grouped by rule, rules in id order; only rules with findings. */
    static Map<String, List<Finding>> byRule(ResidencyReport report) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        report.findings().stream().sorted(Comparator.comparing(Finding::rule))
                .forEach(f -> groups.computeIfAbsent(f.rule(), rule -> new ArrayList<>()).add(f));
        return groups;
    }

    /** Whether this version knows the rule (a newer report read back may hold rules it does not). */
    static boolean known(String ruleId) {
        return Arrays.stream(ResidencyRule.values()).anyMatch(rule -> rule.id().equals(ruleId));
    }

    /** The rule's title, or a marker for a rule this version does not know. */
    static String title(String ruleId) {
        return known(ruleId) ? ResidencyRule.byId(ruleId).title() : "(unknown rule)";
    }

    /** The first 12 hex digits of a digest, enough to tell digests apart on a terminal. */
    static String shortDigest(String digest) {
        return digest == null || digest.length() <= 12 ? String.valueOf(digest) : digest.substring(0, 12);
    }
}
