package io.tenantfleet.cli;

import io.tenantfleet.retention.RetentionDryRun;
import io.tenantfleet.retention.RetentionRun;
import io.tenantfleet.retention.RetentionTenant;
import io.tenantfleet.retention.TableCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents of {@code retention run --dry-run} and {@code retention status} (format version 1). */
final class RetentionJson {

    private RetentionJson() {
    }

    static Map<String, Object> preview(List<RetentionDryRun.TenantPreview> previews) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "tenant-fleet/retention-dry-run/1");
        document.put("tenants", previews.stream().map(p -> {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("org", p.tenant().slug());
            tenant.put("region", p.tenant().homeRegion());
            tenant.put("problem", p.problem().orElse(null));
            p.cutoffs().ifPresent(c -> {
                Map<String, Object> cutoffs = new LinkedHashMap<>();
                cutoffs.put("soft_delete_grace", c.grace().toString());
                c.categories().forEach((k, v) -> cutoffs.put(k, v.toString()));
                c.audit().ifPresent(a -> cutoffs.put("audit_records", a.toString()));
                tenant.put("cutoffs", cutoffs);
            });
            p.result().ifPresent(r -> {
                tenant.put("tables", r.tables().stream().map(RetentionJson::table).toList());
                tenant.put("audit_rows_prunable", r.pruned());
            });
            tenant.put("unmapped_tables", p.unmapped());
            return tenant;
        }).toList());
        return document;
    }

    static Map<String, Object> status(RetentionRun run, List<RetentionTenant> tenants) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "tenant-fleet/retention-run/1");
        document.put("run", run.id());
        document.put("status", run.status().name());
        document.put("reason", run.reason().orElse(null));
        document.put("started_at", run.createdAt().toString());
        document.put("grace_days", run.graceDays().orElse(null));
        document.put("tenants", tenants.stream().map(t -> {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("org", t.slug());
            tenant.put("region", t.region());
            tenant.put("state", t.state());
            tenant.put("removed", t.removed());
            tenant.put("anonymized", t.anonymized());
            tenant.put("audit_rows_pruned", t.pruned());
            tenant.put("held", t.held());
            tenant.put("left", t.left());
            tenant.put("unmapped_tables", t.unmapped());
            tenant.put("error", t.lastError().orElse(null));
            tenant.put("duration_ms", t.durationMs().orElse(null));
            return tenant;
        }).toList());
        return document;
    }

    private static Map<String, Object> table(TableCounts counts) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("table", counts.table());
        table.put("category", counts.category());
        table.put("would_remove", counts.removed());
        table.put("would_anonymize", counts.anonymized());
        table.put("held", counts.held());
        return table;
    }
}
