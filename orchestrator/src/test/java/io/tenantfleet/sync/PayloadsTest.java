package io.tenantfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Small-count suppression (k-threshold) of the sync's payloads: counts under k are left out, and
 * enough complementary cells with them that no left-out value follows from the region total minus
 * the published cells. A pure computation: no database involved.
 */
class PayloadsTest {

    private static TenantFigures tenant(int seed, long usersActive, long usersDeleted) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Payloads.COUNT_KEYS.forEach(key -> counts.put(key, 10L));
        counts.put("users_active", usersActive);
        counts.put("users_deleted", usersDeleted);
        return new TenantFigures(new UUID(0, seed), counts, Optional.of("3"), Optional.of(LocalDate.of(2026, 11, seed % 28 + 1)),
                1000L * seed);
    }

    private static Payloads build(int k, TenantFigures... tenants) {
        return Payloads.build(List.of(tenants), k, id -> String.format("%064x", id.getLeastSignificantBits()));
    }

    private static Map<String, Object> payload(Payloads payloads, int seed) {
        String pseudonym = String.format("%064x", (long) seed);
        return payloads.tenants().stream().filter(t -> t.pseudonym().equals(pseudonym)).findFirst().orElseThrow().payload();
    }

    @Test
    void aSmallCountAndItsSmallestComplementAreLeftOutAndTheTotalStays() {
        Payloads payloads = build(5, tenant(1, 3, 40), tenant(2, 7, 40), tenant(3, 9, 40), tenant(4, 30, 40));

        assertThat(payload(payloads, 1)).doesNotContainKey("users_active").containsEntry("suppressed_cells", 1L);
        assertThat(payload(payloads, 2)).as("the smallest published cell goes with it").doesNotContainKey("users_active");
        assertThat(payload(payloads, 3)).as("7 is at most 9: 3 could be told apart, so 9 goes too")
                .doesNotContainKey("users_active");
        assertThat(payload(payloads, 4)).containsEntry("users_active", 30L).containsEntry("users_deleted", 40L);
        assertThat(payloads.regionSummary()).containsEntry("users_active", 49L).containsEntry("users_deleted", 160L)
                .containsEntry("tenants", 4L).containsEntry("storage_bytes", 10000L).containsEntry("suppressed_cells", 0L)
                .containsEntry("last_activity_date", "2026-11-05");
        assertThat(payload(payloads, 1)).containsEntry("schema_version", "3").containsEntry("storage_bytes", 1000L);
    }

    @Test
    void aComplementBoundedByTheNextPublishedCellIsNotEnough() {
        // k=5: with 4, 5 and 5, leaving out 4 and one 5 would publish a total of 14 and a 5: the two left out
        // add up to 9, the complement is at least 5 and at most the 5 still published, so the 4 would follow
        Payloads payloads = build(5, tenant(1, 4, 40), tenant(2, 5, 40), tenant(3, 5, 40));

        assertThat(payload(payloads, 1)).doesNotContainKey("users_active");
        assertThat(payload(payloads, 2)).doesNotContainKey("users_active");
        assertThat(payload(payloads, 3)).doesNotContainKey("users_active");
        assertThat(payloads.regionSummary()).containsEntry("users_active", 14L);
    }

    @Test
    void twoSmallCellsThatAddUpUnderKTakeAThirdWithThem() {
        Payloads payloads = build(5, tenant(1, 1, 40), tenant(2, 2, 40), tenant(3, 8, 40), tenant(4, 12, 40));

        assertThat(payload(payloads, 1)).doesNotContainKey("users_active");
        assertThat(payload(payloads, 2)).doesNotContainKey("users_active");
        assertThat(payload(payloads, 3)).as("1 + 2 < 5: the left-out cells must add up to k").doesNotContainKey("users_active");
        assertThat(payload(payloads, 4)).containsEntry("users_active", 12L);
        assertThat(payloads.regionSummary()).containsEntry("users_active", 23L);
    }

    @Test
    void aSingleTenantWithASmallCountTakesTheRegionTotalWithIt() {
        Payloads payloads = build(5, tenant(1, 3, 40));

        assertThat(payload(payloads, 1)).doesNotContainKey("users_active").containsEntry("users_deleted", 40L);
        assertThat(payloads.regionSummary()).doesNotContainKey("users_active").containsEntry("suppressed_cells", 1L)
                .containsEntry("users_deleted", 40L);
    }

    @Test
    void aSmallTotalIsLeftOutAndZeroIsASmallCount() {
        Payloads payloads = build(5, tenant(1, 0, 40), tenant(2, 2, 40));

        assertThat(payload(payloads, 1)).doesNotContainKey("users_active");
        assertThat(payload(payloads, 2)).doesNotContainKey("users_active");
        assertThat(payloads.regionSummary()).doesNotContainKey("users_active");
    }

    @Test
    void theThresholdIsTheCatalogs() {
        Payloads payloads = build(2, tenant(1, 2, 40), tenant(2, 3, 40));

        assertThat(payload(payloads, 1)).containsEntry("users_active", 2L);
        assertThat(payloads.regionSummary()).containsEntry("users_active", 5L);
    }

    /**
     * By brute force: every assignment of the cells left out that agrees with the published total, with
     * small counts in [0, k-1] and complementary cells between k and the smallest cell published, and
     * the k values each small count must still be free to take.
     */
    private static void assertEverySmallCountFree(List<TenantFigures> tenants, Payloads payloads, String key, int k) {
        List<Long> hiddenValues = new ArrayList<>();
        long published = 0;
        long smallestPublished = Long.MAX_VALUE;
        for (TenantFigures figures : tenants) {
            Map<String, Object> payload = payload(payloads, (int) figures.tenantId().getLeastSignificantBits());
            if (payload.containsKey(key)) {
                published += (Long) payload.get(key);
                smallestPublished = Math.min(smallestPublished, (Long) payload.get(key));
            } else {
                hiddenValues.add(figures.counts().get(key));
            }
        }
        long sum = (Long) payloads.regionSummary().get(key) - published;
        long ceiling = Math.min(smallestPublished, sum);
        for (int i = 0; i < hiddenValues.size(); i++) {
            if (hiddenValues.get(i) >= k) {
                continue;
            }
            java.util.Set<Long> possible = new java.util.HashSet<>();
            collect(hiddenValues, i, 0, 0, -1, sum, k, ceiling, possible);
            assertThat(possible).as(key + " " + hiddenValues + " sum " + sum + " k " + k).hasSize(k);
        }
    }

    /** Adds to {@code possible} each value cell {@code target} takes in an assignment of cells {@code at..} that adds up. */
    private static void collect(List<Long> cells, int target, int at, long sofar, long targetValue, long sum, int k,
            long ceiling, java.util.Set<Long> possible) {
        if (at == cells.size()) {
            if (sofar == sum) {
                possible.add(targetValue);
            }
            return;
        }
        boolean small = cells.get(at) < k;
        for (long v = small ? 0 : k; v <= (small ? k - 1 : ceiling) && sofar + v <= sum; v++) {
            collect(cells, target, at + 1, sofar + v, at == target ? v : targetValue, sum, k, ceiling, possible);
        }
    }

    /** Whatever the figures: no published count under k, and no left-out cell recoverable from a published total. */
    @RepeatedTest(25)
    void noSuppressedValueCanBeRebuilt() {
        Random random = new Random();
        int k = 2 + random.nextInt(6);
        List<TenantFigures> tenants = new ArrayList<>();
        for (int i = 1; i <= 1 + random.nextInt(6); i++) {
            tenants.add(tenant(i, random.nextInt(3 * k), random.nextInt(2 * k)));
        }
        Payloads payloads = Payloads.build(tenants, k, id -> String.format("%064x", id.getLeastSignificantBits()));

        for (String key : Payloads.COUNT_KEYS) {
            int hidden = 0;
            for (TenantFigures figures : tenants) {
                Map<String, Object> payload = payload(payloads, (int) figures.tenantId().getLeastSignificantBits());
                if (payload.containsKey(key)) {
                    assertThat((Long) payload.get(key)).as(key).isGreaterThanOrEqualTo(k).isEqualTo(figures.counts().get(key));
                } else {
                    hidden++;
                }
            }
            if (payloads.regionSummary().containsKey(key)) {
                assertThat((Long) payloads.regionSummary().get(key)).isGreaterThanOrEqualTo(k);
                assertThat(hidden).as(key + ": a single cell left out follows from the total").isNotEqualTo(1);
                assertEverySmallCountFree(tenants, payloads, key, k);
            }
        }
    }
}
