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
        Payloads payloads = build(5, tenant(1, 3, 40), tenant(2, 7, 40), tenant(3, 9, 40));

        assertThat(payload(payloads, 1)).doesNotContainKey("users_active").containsEntry("suppressed_cells", 1L);
        assertThat(payload(payloads, 2)).as("the smallest published cell goes with it").doesNotContainKey("users_active");
        assertThat(payload(payloads, 3)).containsEntry("users_active", 9L).containsEntry("users_deleted", 40L);
        assertThat(payloads.regionSummary()).containsEntry("users_active", 19L).containsEntry("users_deleted", 120L)
                .containsEntry("tenants", 3L).containsEntry("storage_bytes", 6000L).containsEntry("suppressed_cells", 0L)
                .containsEntry("last_activity_date", "2026-11-04");
        assertThat(payload(payloads, 1)).containsEntry("schema_version", "3").containsEntry("storage_bytes", 1000L);
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

    /** Whatever the figures: no published count under k, and no left-out cell recoverable from a published total. */
    @RepeatedTest(25)
    void noSuppressedValueCanBeRebuilt() {
        Random random = new Random();
        int k = 2 + random.nextInt(6);
        List<TenantFigures> tenants = new ArrayList<>();
        for (int i = 1; i <= 1 + random.nextInt(8); i++) {
            tenants.add(tenant(i, random.nextInt(3 * k), random.nextInt(2 * k)));
        }
        Payloads payloads = Payloads.build(tenants, k, id -> String.format("%064x", id.getLeastSignificantBits()));

        for (String key : Payloads.COUNT_KEYS) {
            long hiddenSum = 0;
            int hidden = 0;
            for (TenantFigures figures : tenants) {
                Map<String, Object> payload = payload(payloads, (int) figures.tenantId().getLeastSignificantBits());
                if (payload.containsKey(key)) {
                    assertThat((Long) payload.get(key)).as(key).isGreaterThanOrEqualTo(k).isEqualTo(figures.counts().get(key));
                } else {
                    hidden++;
                    hiddenSum += figures.counts().get(key);
                }
            }
            if (payloads.regionSummary().containsKey(key)) {
                assertThat((Long) payloads.regionSummary().get(key)).isGreaterThanOrEqualTo(k);
                assertThat(hidden == 0 || (hidden >= 2 && hiddenSum >= k)).as(key + ": " + hidden + " hidden, adding up to "
                        + hiddenSum + " with k " + k).isTrue();
            }
        }
    }
}
