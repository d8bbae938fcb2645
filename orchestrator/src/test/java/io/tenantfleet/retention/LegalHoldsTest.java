package io.tenantfleet.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Legal holds placed, listed and released on real PostgreSQL, with their audit and ledger records. */
@FleetTest
class LegalHoldsTest {

    static final String REGION = "us-east";
    static final String REASON = "litigation hold 2025-114 Smith v. Example";

    @Autowired
    LegalHolds holds;
    @Autowired
    ProvisioningService provisioning;
    @Autowired
    TenantRegistry registry;
    @Autowired
    RegionCatalog catalog;
    @Autowired
    RegionConnections connections;
    @Autowired
    TenantKeyStore keys;

    private Tenant provision(String slug) {
        provisioning.provision(ProvisionRequest.of(slug, "Org " + slug, REGION, List.of(), catalog));
        return registry.find(slug).orElseThrow();
    }

    private static HoldRequest request(String slug, String table, String id, String reason, LocalDate until) {
        return new HoldRequest(new TenantSlug(slug), Optional.ofNullable(table), Optional.ofNullable(id), reason,
                Optional.ofNullable(until));
    }

    private long count(String sql, Object... params) {
        return new RegionSql(connections).count(REGION, sql, params);
    }

    @Test
    void placesListsAndReleasesHoldsKeepingTheRowsAndRecordingEachChange() throws Exception {
        Tenant tenant = provision("hold_trip");
        UUID user;
        try (TenantRows rows = new TenantRows(connections, keys, REGION, tenant)) {
            user = rows.person("held@example.com", 1);
        }
        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);

        LegalHold whole = holds.place(request("hold_trip", null, null, REASON, null), "alice");
        LegalHold table = holds.place(request("hold_trip", "consents", null, REASON, until), "alice");
        LegalHold row = holds.place(request("hold_trip", "users", user.toString(), REASON, null), "alice");
        LegalHolds.Release released = holds.remove(new TenantSlug("hold_trip"), table.id(), "bob");
        LegalHolds.Release again = holds.remove(new TenantSlug("hold_trip"), table.id(), "carol");

        assertThat(whole.scope()).isEqualTo("whole tenant");
        assertThat(table.heldUntil()).contains(until.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(row.scope()).isEqualTo("users/" + user);
        assertThat(released.changed()).isTrue();
        assertThat(released.hold().releasedBy()).contains("bob");
        assertThat(again.changed()).isFalse();
        assertThat(again.hold().releasedBy()).contains("bob");
        assertThat(holds.list(Optional.of(new TenantSlug("hold_trip")), false).holds()).extracting(LegalHold::id)
                .containsExactly(whole.id(), row.id());
        assertThat(holds.list(Optional.of(new TenantSlug("hold_trip")), true).holds())
                .extracting(h -> h.id() + " " + h.state(java.time.Instant.now()))
                .containsExactly(whole.id() + " ACTIVE", table.id() + " RELEASED", row.id() + " ACTIVE");
        assertThat(holds.list(Optional.empty(), false).holds()).extracting(LegalHold::id).contains(whole.id(), row.id())
                .doesNotContain(table.id());
        assertThat(count("SELECT count(*) FROM org_hold_trip.legal_holds")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = 'hold_trip' "
                + "AND event = 'LEGAL_HOLD_PLACED'")).isEqualTo(3);
        assertThat(new RegionSql(connections).strings(REGION, "SELECT detail::text FROM fleet.residency_ledger WHERE "
                + "tenant_slug = 'hold_trip' AND event = 'LEGAL_HOLD_RELEASED'")).singleElement()
                .satisfies(detail -> assertThat(detail).contains(table.id().toString(), "consents", "until"));
        assertThat(count("SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = 'hold_trip' "
                + "AND (detail::text LIKE '%Smith%' OR detail::text LIKE ?)", "%" + user + "%")).isZero();
        try (TenantRows rows = new TenantRows(connections, keys, REGION, tenant)) {
            assertThat(rows.sql().sql("SELECT count(*) FROM org_hold_trip.audit_log WHERE table_name = 'legal_holds'")
                    .query(Long.class).single()).as("3 inserts, 1 update").isEqualTo(4);
            assertThat(rows.placesHolding(List.of("smith v. example"))).as("the audit log keeps a digest of the reason")
                    .singleElement().satisfies(place -> assertThat(place).startsWith("legal_holds.reason holds"));
            assertThat(rows.sql().sql("SELECT count(*) FROM org_hold_trip.verify_audit_chain()").query(Long.class).single())
                    .isZero();
        }
    }

    @Test
    void refusesBadHoldsWithOneLineBeforeWritingAnything() {
        provision("hold_bad");

        assertInvalid(() -> holds.place(request("hold_nobody", null, null, REASON, null), "x"), "unknown organization");
        assertInvalid(() -> holds.place(request("hold_bad", "organization", null, REASON, null), "x"),
                "'organization' is not a table of hold_bad that retention or erasure removes rows from; use one of");
        assertInvalid(() -> holds.place(request("hold_bad", "no_such_table", null, REASON, null), "x"), "--table");
        assertInvalid(() -> holds.place(request("hold_bad", "users", UUID.randomUUID().toString(), REASON, null), "x"),
                "invalid --id: no row of users has user_id");
        assertInvalid(() -> holds.remove(new TenantSlug("hold_bad"), UUID.randomUUID(), "x"), "no legal hold");
        assertInvalid(() -> request("hold_bad", null, null, "", null), "invalid --reason");
        assertInvalid(() -> request("hold_bad", null, null, "x".repeat(501), null), "1 to 500 characters");
        assertInvalid(() -> request("hold_bad", null, null, "two\nlines", null), "on one line");
        assertInvalid(() -> request("hold_bad", null, "42", REASON, null), "invalid --id: given without --table");
        assertInvalid(() -> request("hold_bad", "users", "'; DROP TABLE users; --", REASON, null), "invalid --id");
        assertInvalid(() -> request("hold_bad", "Users;", null, REASON, null), "invalid --table");
        assertInvalid(() -> request("hold_bad", null, null, REASON, LocalDate.now(ZoneOffset.UTC)), "not in the future");
        assertInvalid(() -> HoldRequest.parseUntil("31/01/2027"), "invalid --until: '31/01/2027' is not an ISO date");

        assertThat(count("SELECT count(*) FROM org_hold_bad.legal_holds")).isZero();
        assertThat(count("SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = 'hold_bad' "
                + "AND event LIKE 'LEGAL_HOLD%'")).isZero();
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OrchestratorException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT)).hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }
}
