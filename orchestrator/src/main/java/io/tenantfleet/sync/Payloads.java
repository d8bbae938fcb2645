package io.tenantfleet.sync;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a source region sends: one payload per tenant, keyed by its pseudonym, and one summary of
 * the region, built from the region's figures with small counts suppressed.
 *
 * <p>Suppression, per count key (a column of the tenants' table whose margin is the region total):
 * a count under {@code k} is left out of its payload (primary suppression; not rounded, not sent as
 * null). When the region total is published, the total minus the published cells is the sum of the
 * cells left out; so more cells are left out, the smallest published first (complementary
 * suppression), until that sum and what anyone knows of the cells (a small count is under k, a
 * complementary one at least k and at most the smallest cell still published) leave every small
 * count free to be any of its k values; when no cell is left to take, the total is left out too. A
 * total under {@code k} is left out. Each payload says how many of its cells were left out. Not suppressed: the
 * number of tenants (each tenant travels as a row anyway), sizes, versions and dates.
 *
 * @param regionSummary the summary of the region (keys sorted)
 * @param tenants       one payload per tenant, in pseudonym order
 */
public record Payloads(Map<String, Object> regionSummary, List<TenantPayload> tenants) {

    /** The counts of people and records, suppressed under the k-threshold. */
    static final List<String> COUNT_KEYS = List.of("users_active", "users_deleted", "records_draft",
            "records_in_progress", "records_completed", "records_archived", "results_critical", "results_high",
            "results_medium", "results_low");
    static final String TENANTS = "tenants";
    static final String STORAGE = "storage_bytes";
    static final String VERSION = "schema_version";
    static final String LAST_ACTIVITY = "last_activity_date";
    static final String SUPPRESSED = "suppressed_cells";
    /** No upper bound on a complementary cell when no cell of its column is published. */
    private static final long UNBOUNDED = Long.MAX_VALUE / 4;

    /** One tenant's payload. */
    record TenantPayload(String pseudonym, Map<String, Object> payload) {}

    public Payloads {
        regionSummary = java.util.Collections.unmodifiableMap(new TreeMap<>(regionSummary));
        tenants = List.copyOf(tenants);
    }

    /** Cells left out over every payload. */
    int suppressedCells() {
        return tenants.stream().mapToInt(t -> ((Number) t.payload().get(SUPPRESSED)).intValue()).sum()
                + ((Number) regionSummary.get(SUPPRESSED)).intValue();
    }

    static Payloads build(List<TenantFigures> figures, int k, Function<UUID, String> pseudonyms) {
        List<Pseudonymous> rows = figures.stream().map(f -> new Pseudonymous(pseudonyms.apply(f.tenantId()), f))
                .sorted(Comparator.comparing(Pseudonymous::pseudonym)).toList();
        Map<String, Object> summary = new TreeMap<>();
        List<Set<String>> hidden = new ArrayList<>();
        rows.forEach(r -> hidden.add(new HashSet<>()));
        int summaryHidden = 0;
        for (String key : COUNT_KEYS) {
            long total = 0;
            for (int i = 0; i < rows.size(); i++) {
                long value = rows.get(i).figures().counts().get(key);
                total += value;
                if (value < k) {
                    hidden.get(i).add(key);
                }
            }
            if (total < k || !complementOrTotal(rows, hidden, key, total, k)) {
                summaryHidden++;
            } else {
                summary.put(key, total);
            }
        }
        List<TenantPayload> payloads = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TenantFigures tenant = rows.get(i).figures();
            Map<String, Object> payload = new TreeMap<>();
            for (String key : COUNT_KEYS) {
                if (!hidden.get(i).contains(key)) {
                    payload.put(key, tenant.counts().get(key));
                }
            }
            payload.put(STORAGE, tenant.storageBytes());
            tenant.schemaVersion().ifPresent(v -> payload.put(VERSION, v));
            tenant.lastActivity().ifPresent(d -> payload.put(LAST_ACTIVITY, d.toString()));
            payload.put(SUPPRESSED, (long) hidden.get(i).size());
            payloads.add(new TenantPayload(rows.get(i).pseudonym(), payload));
        }
        summary.put(TENANTS, (long) rows.size());
        summary.put(STORAGE, figures.stream().mapToLong(TenantFigures::storageBytes).sum());
        figures.stream().map(TenantFigures::lastActivity).flatMap(Optional::stream).max(Comparator.naturalOrder())
                .map(LocalDate::toString).ifPresent(d -> summary.put(LAST_ACTIVITY, d));
        summary.put(SUPPRESSED, (long) summaryHidden);
        return new Payloads(summary, payloads);
    }

    /**
     * Leaves more cells of the column out, the smallest published first, until no small count left out
     * can be narrowed down from the published total and cells: whoever knows that a small count lies in
     * [0, k-1], that a complementary cell lies between k and the smallest cell still published, and the
     * sum of the cells left out (total minus published cells), must still find every one of the k values
     * possible for each small count. False when that cannot be done and the total must go instead.
     * The published cells are sorted once and left out in that order (ties: first row first), each step
     * checked in constant time: O(n log n) per column, not a scan of the column per cell left out.
     */
    private static boolean complementOrTotal(List<Pseudonymous> rows, List<Set<String>> hidden, String key, long total,
            int k) {
        long hiddenSum = 0;
        int small = 0;
        List<Integer> published = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (hidden.get(i).contains(key)) {
                hiddenSum += rows.get(i).figures().counts().get(key);
                small++; // only the column's small counts are left out before this
            } else {
                published.add(i);
            }
        }
        published.sort(Comparator.comparingLong((Integer i) -> rows.get(i).figures().counts().get(key))
                .thenComparingInt(i -> i));
        int large = 0;
        for (int next = 0; ; next++) {
            long ceiling = next < published.size() ? rows.get(published.get(next)).figures().counts().get(key) : UNBOUNDED;
            if (protectedCells(small, large, hiddenSum, k, ceiling)) {
                return true;
            }
            if (next == published.size()) {
                return false;
            }
            hidden.get(published.get(next)).add(key);
            hiddenSum += ceiling;
            large++;
        }
    }

    /**
     * True when every small count left out of the column ({@code small} of them, each in [0, k-1]) can
     * still be any of [0, k-1], given {@code sum}, the sum of all cells left out, of which {@code large}
     * are complementary cells between k and {@code ceiling}. The bounds are the same for every small
     * count: the others take the rest of the sum.
     */
    private static boolean protectedCells(int small, int large, long sum, int k, long ceiling) {
        if (small == 0) {
            return true;
        }
        long lows = (long) large * k;
        long complements = large == 0 ? 0 : ceiling >= UNBOUNDED / large ? UNBOUNDED : large * ceiling;
        long highs = Math.min(UNBOUNDED, (long) small * (k - 1) + complements);
        long low = Math.max(0, sum - (highs - (k - 1)));
        long high = Math.min(k - 1, sum - lows);
        return high - low + 1 >= k;
    }

    private record Pseudonymous(String pseudonym, TenantFigures figures) {}
}
