package io.tenantfleet.rollout;

/**
 * One versioned migration of the tenant template, as Flyway resolves it: the same version,
 * description, script name and checksum Flyway records, so history rows written by a rollout
 * validate with Flyway's own tools.
 */
public record TemplateMigration(TemplateVersion version, String description, String script, int checksum, String sql) {

    /** The SQL for one tenant schema: Flyway's built-in {@code ${flyway:defaultSchema}} filled in. */
    public String sqlFor(String schema) {
        return sql.replace("${flyway:defaultSchema}", schema);
    }
}
