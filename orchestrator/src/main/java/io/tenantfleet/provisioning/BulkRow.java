package io.tenantfleet.provisioning;

import java.util.List;

/**
 * One organization as a tenants file (or an API request) gives it, before any check: its line (or
 * position) and its fields as written, {@code null} when missing; {@code problem} when the row
 * could not even be split into fields.
 */
public record BulkRow(int line, String slug, String name, String region, List<String> frameworks, String problem) {

    public BulkRow {
        frameworks = List.copyOf(frameworks);
    }

    public static BulkRow of(int line, String slug, String name, String region, List<String> frameworks) {
        return new BulkRow(line, slug, name, region, frameworks, null);
    }

    static BulkRow malformed(int line, String problem) {
        return new BulkRow(line, null, null, null, List.of(), problem);
    }
}
