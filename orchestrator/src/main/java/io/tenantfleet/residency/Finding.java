package io.tenantfleet.residency;

/**
 * One finding of a residency report.
 *
 * @param rule    the rule's id, e.g. {@code RES-01}
 * @param region  the region where it was found
 * @param subject what it is about: a schema, a role, a tenant slug, a table and key
 * @param summary one line for a person
 */
public record Finding(String rule, String region, String subject, String summary, Evidence evidence) {

    /** What identifies the finding across reports: rule, region and subject. */
    public String key() {
        return rule + " " + region + " " + subject;
    }
}
