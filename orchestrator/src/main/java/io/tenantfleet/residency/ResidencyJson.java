package io.tenantfleet.residency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON document of a residency report, format {@value #FORMAT} (its JSON Schema:
 * {@code residency-report-v1.schema.json} in the orchestrator's resources, under {@code residency/}),
 * and the way back from it. Field names are snake_case; absent values are {@code null}.
 */
public final class ResidencyJson {

    public static final String FORMAT = "tenant-fleet/residency-report/1";
    public static final String SCHEMA_RESOURCE = "residency/residency-report-v1.schema.json";
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ResidencyJson() {
    }

    /** The report as a document: keys in a reading order (the digest does not depend on it). */
    public static Map<String, Object> document(ResidencyReport report) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("report_id", report.reportId());
        document.put("generated_at", report.generatedAt().toString());
        document.put("catalog", report.catalog());
        document.put("catalog_digest", report.catalogDigest());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("regions", report.regions().size());
        summary.put("regions_checked", report.regions().stream().filter(r -> r.status().equals(RegionCheck.CHECKED)).count());
        summary.put("findings", report.findings().size());
        summary.put("exit_code", report.exitCode());
        document.put("summary", summary);
        document.put("rules", Arrays.stream(ResidencyRule.values()).map(rule -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", rule.id());
            entry.put("title", rule.title());
            entry.put("requirement", rule.requirement());
            return entry;
        }).toList());
        document.put("regions", report.regions().stream().map(ResidencyJson::region).toList());
        document.put("findings", report.findings().stream().map(ResidencyJson::finding).toList());
        document.put("digest", report.digest());
        return document;
    }

    public static String toJson(ResidencyReport report) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document(report)) + "\n";
    }

    public static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }

    /** The report a document holds (its digest as written, not checked). */
    public static ResidencyReport parse(JsonNode document) {
        List<RegionCheck> regions = new ArrayList<>();
        document.get("regions").forEach(r -> regions.add(parseRegion(r)));
        List<Finding> findings = new ArrayList<>();
        document.get("findings").forEach(f -> findings.add(parseFinding(f)));
        return new ResidencyReport(ResidencyReport.FORMAT_VERSION, document.get("report_id").asString(),
                Instant.parse(document.get("generated_at").asString()), document.get("catalog").asString(),
                document.get("catalog_digest").asString(), regions, findings, document.get("digest").asString());
    }

    static RegionCheck parseRegion(JsonNode r) {
        List<String> rules = new ArrayList<>();
        r.get("rules").forEach(rule -> rules.add(rule.asString()));
        return new RegionCheck(r.get("region").asString(), r.get("status").asString(), r.get("server").asString(),
                text(r, "ledger_head"), r.get("ledger_entries").asLong(), r.get("tenants").asInt(),
                r.get("schemas").asInt(), rules, text(r, "error"));
    }

    static Finding parseFinding(JsonNode f) {
        JsonNode e = f.get("evidence");
        return new Finding(f.get("rule").asString(), f.get("region").asString(), f.get("subject").asString(),
                f.get("summary").asString(), new Evidence(e.get("server").asString(), e.get("object").asString(),
                        e.get("query").asString(), e.get("returned").asString(),
                        Instant.parse(e.get("checked_at").asString()), e.get("policy_version").asString()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }

    static Map<String, Object> region(RegionCheck check) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("region", check.region());
        region.put("status", check.status());
        region.put("server", check.server());
        region.put("ledger_head", check.ledgerHead().orElse(null));
        region.put("ledger_entries", check.ledgerEntries());
        region.put("tenants", check.tenants());
        region.put("schemas", check.schemas());
        region.put("rules", check.rules());
        region.put("error", check.error().orElse(null));
        return region;
    }

    static Map<String, Object> finding(Finding finding) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("rule", finding.rule());
        entry.put("region", finding.region());
        entry.put("subject", finding.subject());
        entry.put("summary", finding.summary());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("server", finding.evidence().server());
        evidence.put("object", finding.evidence().object());
        evidence.put("query", finding.evidence().query());
        evidence.put("returned", finding.evidence().returned());
        evidence.put("checked_at", finding.evidence().checkedAt().toString());
        evidence.put("policy_version", finding.evidence().policyVersion());
        entry.put("evidence", evidence);
        return entry;
    }
}
