package io.tenantfleet.cli;

import io.tenantfleet.sync.SyncRun;
import io.tenantfleet.sync.SyncService;
import io.tenantfleet.sync.SyncTransfer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The documents of {@code sync --output json}, {@code sync --dry-run --output json} and {@code sync status}. */
final class SyncJson {

    private SyncJson() {
    }

    /** {@code {"format", "dry_run": true, "transfers": [{"source", "destination", "allowed", "rule", "region_summary", "tenants": {pseudonym: payload}}]}} */
    static Map<String, Object> preview(List<SyncService.Preview> previews) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "tenant-fleet/sync-dry-run/1");
        document.put("dry_run", true);
        document.put("transfers", previews.stream().map(p -> {
            Map<String, Object> transfer = new LinkedHashMap<>();
            transfer.put("source", p.source());
            transfer.put("destination", p.destination());
            transfer.put("allowed", p.allowed());
            transfer.put("rule", p.rule());
            p.problem().ifPresent(problem -> transfer.put("problem", problem));
            if (p.allowed() && p.problem().isEmpty()) {
                transfer.put("region_summary", p.regionSummary());
                transfer.put("tenants", p.tenantPayloads());
            }
            return transfer;
        }).toList());
        return document;
    }

    /** Per source region: what it would send (its summary), then each destination and whether it would receive it. */
    static void printPreview(List<SyncService.Preview> previews, PrintWriter out) {
        String source = null;
        for (SyncService.Preview p : previews) {
            if (!p.source().equals(source)) {
                source = p.source();
                SyncService.Preview first = p;
                previews.stream().filter(q -> q.source().equals(first.source()) && q.allowed()).findFirst()
                        .ifPresent(sent -> out.println(sent.problem().map(problem -> first.source() + ": not read: " + problem)
                                .orElse(first.source() + ": " + sent.tenantPayloads().size() + " tenant rows and the region "
                                        + "summary " + sent.regionSummary().entrySet().stream()
                                                .map(e -> e.getKey() + "=" + e.getValue())
                                                .collect(Collectors.joining(" ", "{", "}")))));
            }
            out.printf("  -> %-14s %s%n", p.destination(), p.allowed() ? "would receive them (" + p.rule() + ")"
                    : "nothing: " + p.rule());
        }
        out.println("dry run: nothing was sent; '--dry-run --output json' lists every tenant payload (keyed by pseudonym)");
    }

    static Map<String, Object> status(SyncRun run, List<SyncTransfer> transfers) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "tenant-fleet/sync-run/1");
        document.put("run", run.id());
        document.put("status", run.status().name());
        document.put("reason", run.reason().orElse(null));
        document.put("regions", run.regions());
        document.put("k_threshold", run.kThreshold());
        document.put("key_fingerprint", run.keyFingerprint());
        document.put("created_at", run.createdAt().toString());
        document.put("transfers", transfers.stream().map(t -> {
            Map<String, Object> transfer = new LinkedHashMap<>();
            transfer.put("source", t.source());
            transfer.put("destination", t.destination());
            transfer.put("state", t.state());
            transfer.put("rule", t.rule());
            transfer.put("tenants", t.tenants());
            transfer.put("rows_written", t.rowsWritten());
            transfer.put("rows_removed", t.rowsRemoved());
            transfer.put("suppressed_cells", t.suppressedCells());
            transfer.put("digest", t.digest().orElse(null));
            transfer.put("error", t.lastError().orElse(null));
            return transfer;
        }).toList());
        return document;
    }
}
