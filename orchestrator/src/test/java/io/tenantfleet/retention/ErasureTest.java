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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Erasure of a data subject on real PostgreSQL: exactly their rows go, no trace of them remains, holds win. */
@FleetTest
class ErasureTest {

    static final String REGION = "eu-central";
    static final String JANE = "Jane.Doe@example.com";
    static final String BOB = "bob@example.com";

    @Autowired
    Erasure erasure;
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

    private TenantRows rows(Tenant tenant) throws Exception {
        return new TenantRows(connections, keys, REGION, tenant);
    }

    private static Map<String, String> outcomes(ErasureReport report) {
        return report.tables().stream().collect(Collectors.toMap(ErasureReport.TableOutcome::table,
                t -> t.erased() + "/" + t.held()));
    }

    private long count(TenantRows rows, String sql) {
        return rows.sql().sql(sql).query(Long.class).single();
    }

    private long ledger(String slug, String event) {
        return new RegionSql(connections).count(REGION, "SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = ? "
                + "AND event = ?", slug, event);
    }

    @Test
    void erasesExactlyTheSubjectsRowsAndLeavesNoTraceOfThemInTheSchema() throws Exception {
        Tenant tenant = provision("erase_exact");
        try (TenantRows rows = rows(tenant)) {
            UUID jane = rows.person(JANE, 2);
            UUID bob = rows.person(BOB, 1);
            List<String> traces = rows.traces(jane, JANE);
            assertThat(rows.placesHolding(traces)).as("the scan finds the subject before erasure")
                    .anyMatch(p -> p.startsWith("users.email_cipher")).anyMatch(p -> p.startsWith("api_keys.key_cipher"));

            ErasureReport report = erasure.erase(new TenantSlug("erase_exact"), new DataSubject("jane.doe@EXAMPLE.com"), false);

            assertThat(report.subjects()).isEqualTo(1);
            assertThat(outcomes(report)).containsExactlyInAnyOrderEntriesOf(Map.of("profiles", "1/0", "consents", "2/0",
                    "api_keys", "1/0", "users", "1/0"));
            assertThat(rows.sql().sql("SELECT user_id FROM org_erase_exact.users").query(UUID.class).list())
                    .containsExactly(bob);
            assertThat(count(rows, "SELECT count(*) FROM org_erase_exact.profiles WHERE user_id = '" + bob + "'")).isOne();
            assertThat(count(rows, "SELECT count(*) FROM org_erase_exact.consents WHERE user_id = '" + bob + "'")).isOne();
            assertThat(count(rows, "SELECT count(*) FROM org_erase_exact.api_keys WHERE user_id = '" + bob + "'")).isOne();
            assertThat(count(rows, "SELECT count(*) FROM org_erase_exact.assessments WHERE created_by IS NULL")).isOne();
            assertThat(count(rows, "SELECT count(*) FROM org_erase_exact.assessments")).isEqualTo(2);
            assertThat(rows.placesHolding(traces)).isEmpty();
            assertThat(rows.placesHolding(rows.traces(bob, BOB))).as("the other user is untouched").isNotEmpty();
            assertThat(rows.sql().sql("SELECT audit_id || ':' || problem FROM org_erase_exact.verify_audit_chain()")
                    .query(String.class).list()).isEmpty();
            String summary = rows.sql().sql("SELECT new_values::text FROM org_erase_exact.audit_log WHERE action = 'ERASURE'")
                    .query(String.class).single();
            assertThat(summary).contains(report.requestId().toString(), "\"erased\": \"5\"").doesNotContain(jane.toString());
            assertThat(new RegionSql(connections).strings(REGION, "SELECT (detail->>'erased') || ' ' || (detail->>'request_id') "
                    + "FROM fleet.residency_ledger WHERE tenant_slug = 'erase_exact' AND event = 'SUBJECT_ERASED'"))
                    .containsExactly("5 " + report.requestId());
        }
    }

    @Test
    void keepsHeldRowsAndTheirUserAndReportsThem() throws Exception {
        Tenant tenant = provision("erase_held");
        TenantSlug slug = new TenantSlug("erase_held");
        try (TenantRows rows = rows(tenant)) {
            UUID jane = rows.person(JANE, 2);
            UUID bob = rows.person(BOB, 1);
            String heldConsent = rows.sql().sql("SELECT consent_id::text FROM org_erase_held.consents WHERE user_id = ? "
                    + "ORDER BY purpose LIMIT 1").param(jane).query(String.class).single();
            holds.place(new HoldRequest(slug, Optional.of("consents"), Optional.of(heldConsent), "litigation 7",
                    Optional.empty()), "tester");
            holds.place(new HoldRequest(slug, Optional.of("users"), Optional.of(bob.toString()), "litigation 8",
                    Optional.empty()), "tester");

            ErasureReport janeReport = erasure.erase(slug, new DataSubject(JANE), false);
            ErasureReport bobReport = erasure.erase(slug, new DataSubject(BOB), false);

            assertThat(outcomes(janeReport)).containsExactlyInAnyOrderEntriesOf(Map.of("profiles", "1/0", "consents", "1/1",
                    "api_keys", "1/0", "users", "0/1"));
            assertThat(rows.sql().sql("SELECT consent_id::text FROM org_erase_held.consents WHERE user_id = ?").param(jane)
                    .query(String.class).list()).containsExactly(heldConsent);
            assertThat(outcomes(bobReport)).as("a held user holds its rows in every child table")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("profiles", "0/1", "consents", "0/1", "api_keys", "0/1",
                            "users", "0/1"));
            assertThat(count(rows, "SELECT count(*) FROM org_erase_held.users")).isEqualTo(2);
            assertThat(rows.sql().sql("SELECT count(*) FROM org_erase_held.verify_audit_chain()").query(Long.class).single())
                    .isZero();
        }
        assertThat(ledger("erase_held", "SUBJECT_ERASED")).isEqualTo(2);
    }

    @Test
    void aWholeTenantHoldKeepsEverything() throws Exception {
        Tenant tenant = provision("erase_frozen");
        TenantSlug slug = new TenantSlug("erase_frozen");
        try (TenantRows rows = rows(tenant)) {
            rows.person(JANE, 1);
            holds.place(new HoldRequest(slug, Optional.empty(), Optional.empty(), "regulator inquiry", Optional.empty()),
                    "tester");

            ErasureReport report = erasure.erase(slug, new DataSubject(JANE), false);

            assertThat(report.erased()).isZero();
            assertThat(report.held()).isEqualTo(4);
            assertThat(count(rows, "SELECT count(*) FROM org_erase_frozen.users")).isOne();
        }
    }

    @Test
    void aDryRunReportsTheSameCountsAndChangesNothing() throws Exception {
        Tenant tenant = provision("erase_dry");
        try (TenantRows rows = rows(tenant)) {
            rows.person(JANE, 3);
            rows.person(BOB, 1);
            String before = snapshot(rows);

            ErasureReport report = erasure.erase(new TenantSlug("erase_dry"), new DataSubject(JANE), true);

            assertThat(report.dryRun()).isTrue();
            assertThat(outcomes(report)).containsExactlyInAnyOrderEntriesOf(Map.of("profiles", "1/0", "consents", "3/0",
                    "api_keys", "1/0", "users", "1/0"));
            assertThat(snapshot(rows)).isEqualTo(before);
        }
        assertThat(ledger("erase_dry", "SUBJECT_ERASED")).isZero();
    }

    private String snapshot(TenantRows rows) {
        return rows.sql().sql("SELECT (SELECT count(*) FROM org_erase_dry.users) || '/' || (SELECT count(*) FROM "
                + "org_erase_dry.profiles) || '/' || (SELECT count(*) FROM org_erase_dry.consents) || '/' || (SELECT count(*) "
                + "FROM org_erase_dry.api_keys) || '/' || (SELECT max(audit_id) FROM org_erase_dry.audit_log) || '/' || "
                + "(SELECT count(*) FROM fleet.residency_ledger WHERE tenant_slug = 'erase_dry')").query(String.class).single();
    }

    @Test
    void anUnknownSubjectIsNothingToEraseAndLeavesNoEvidence() throws Exception {
        try (TenantRows rows = rows(provision("erase_none"))) {
            rows.person(BOB, 1);
        }

        ErasureReport report = erasure.erase(new TenantSlug("erase_none"), new DataSubject(JANE), false);

        assertThat(report.subjects()).isZero();
        assertThat(report.tables()).isEmpty();
        assertThat(ledger("erase_none", "SUBJECT_ERASED")).isZero();
        assertThat(new RegionSql(connections).count(REGION, "SELECT count(*) FROM org_erase_none.audit_log "
                + "WHERE action = 'ERASURE'")).isZero();
    }

    @Test
    void refusesAnUnknownOrganizationAndABadAddressWithoutEchoingIt() {
        assertThatThrownBy(() -> erasure.erase(new TenantSlug("erase_nobody"), new DataSubject(JANE), false))
                .isInstanceOfSatisfying(OrchestratorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("unknown organization 'erase_nobody'");
        assertThatThrownBy(() -> new DataSubject("pat smith@corp.test")).hasMessageContaining("--subject")
                .hasMessageNotContaining("corp.test");
    }
}
