package io.tenantfleet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.Workers;
import io.tenantfleet.keys.PseudonymKey;
import io.tenantfleet.keys.TenantKeyStore;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.SeededTenants;
import io.tenantfleet.support.RegionSql;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cross-region metadata sync on real regions (local catalog: eu-central GDPR, us-east HIPAA and
 * SOC2, japan-east APPI): figures right for generated data, only pseudonyms and allowed keys in
 * the receiving tables, forbidden destinations never written, evidence in both ledgers with the
 * digest of what the destination holds, a second run that changes nothing, a destination down then
 * caught up, and a payload refused by the receiving table's guard reported, with nothing stored.
 */
@FleetTest
class SyncTest {

    static final String EU = "eu-central";
    static final String US = "us-east";
    static final String JP = "japan-east";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    @Autowired
    SyncService sync;
    @Autowired
    PseudonymKey pseudonyms;
    @Autowired
    FleetViewReader fleetView;
    @Autowired
    io.tenantfleet.region.RegionBaseline baseline;

    private Tenant tenant(String slug, String region) throws Exception {
        return new SeededTenants(provisioning, registry, catalog, connections, keys).ensure(slug, region, 12);
    }

    private RegionSql sql() {
        return new RegionSql(connections);
    }

    @BeforeEach
    void tenants() throws Exception {
        catalog.regions().forEach(region -> baseline.ready(region.id()));
        tenant("sync_alpha", EU);
        tenant("sync_beta", EU);
        tenant("sync_gamma", JP);
    }

    /** The payload region {@code at} holds for the tenant, as a map. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> received(String at, Tenant tenant) throws Exception {
        String json = sql().admin(at).sql("SELECT aggregated_data::text FROM fleet.cross_region_metadata WHERE pseudonym = ?")
                .param(pseudonyms.pseudonym(tenant.id())).query(String.class).single();
        return JSON.readValue(json, Map.class);
    }

    /** Moves the tenant's records from one status to another, acting for its organization (as its application would). */
    private void archive(Tenant tenant, String from, String to) throws Exception {
        try (org.springframework.jdbc.datasource.SingleConnectionDataSource acting = sql().actingFor(tenant.homeRegion(),
                tenant.id())) {
            org.springframework.jdbc.core.simple.JdbcClient.create(acting).sql("UPDATE org_" + tenant.slug()
                    + ".assessments SET status = ? WHERE status = ?").param(to).param(from).update();
        }
    }

    private long count(Tenant tenant, String table, String where) {
        return sql().count(tenant.homeRegion(), "SELECT count(*) FROM org_" + tenant.slug() + "." + table + " WHERE " + where);
    }

    private Map<String, SyncTransfer> transfers(SyncRun run) {
        return sync.transfers(run.id()).stream().collect(Collectors.toMap(t -> t.source() + ">" + t.destination(), t -> t));
    }

    @Test
    void figuresArriveWhereTheRulesAllowAndNowhereElse() throws Exception {
        Tenant alpha = registry.find("sync_alpha").orElseThrow();
        SyncRun run = sync.run(List.of(EU, JP), Workers.LOCAL);

        assertThat(run.status()).as(run.reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
        Map<String, SyncTransfer> transfers = transfers(run);
        assertThat(transfers.get(EU + ">" + EU).state()).isEqualTo(SyncTransfer.SENT);
        assertThat(transfers.get(EU + ">" + JP).state()).isEqualTo(SyncTransfer.SENT);
        assertThat(transfers.get(EU + ">" + US).state()).isEqualTo(SyncTransfer.FORBIDDEN);
        assertThat(transfers.get(EU + ">" + US).rule()).contains("GDPR");
        assertThat(sql().count(US, "SELECT count(*) FROM fleet.cross_region_metadata WHERE source_region = ?", EU))
                .as("a forbidden destination is never written").isZero();

        Map<String, Object> payload = received(JP, alpha);
        long active = count(alpha, "users", "deleted_at IS NULL");
        long completed = count(alpha, "assessments", "deleted_at IS NULL AND status = 'completed'");
        assertThat(active).isEqualTo(6);
        assertThat(completed).isEqualTo(9);
        if (payload.containsKey("users_active")) {
            assertThat(payload.get("users_active")).isEqualTo(6);
        }
        assertThat(payload.get("records_completed")).as("9 completed records, not under k").isEqualTo(9);
        assertThat(payload).as("zero counts are under k: left out").doesNotContainKeys("records_draft", "results_critical")
                .containsEntry("schema_version", "3");
        assertThat(((Number) payload.get("storage_bytes")).longValue()).isPositive();
        assertThat(payload.get("last_activity_date")).isEqualTo(sql().strings(EU, "SELECT greatest((SELECT max(updated_at) "
                + "FROM org_sync_alpha.users), (SELECT max(updated_at) FROM org_sync_alpha.assessments), "
                + "(SELECT max(updated_at) FROM org_sync_alpha.assessment_results))::date::text").get(0));
        assertThat(((Number) payload.get("suppressed_cells")).intValue()).isGreaterThanOrEqualTo(6);

        long present = registry.list(java.util.Optional.of(EU)).stream()
                .filter(t -> t.status() == io.tenantfleet.tenant.TenantStatus.ACTIVE).count();
        assertThat(sql().count(JP, "SELECT (aggregated_data->>'tenants')::bigint FROM fleet.cross_region_metadata "
                + "WHERE source_region = ? AND data_type = 'region_summary'", EU)).isEqualTo(present);
        assertThat(sql().count(JP, "SELECT count(*) FROM fleet.cross_region_metadata WHERE source_region = ? "
                + "AND data_type = 'tenant_summary'", EU)).isEqualTo(present);

        String everything = String.join("\n", sql().strings(JP, "SELECT coalesce(pseudonym, '') || aggregated_data::text "
                + "FROM fleet.cross_region_metadata"));
        for (Tenant tenant : registry.list(java.util.Optional.empty())) {
            assertThat(everything).as("no tenant id travels").doesNotContain(tenant.id().toString());
        }
        assertThat(everything).as("no slug travels").doesNotContain("sync_alpha").doesNotContain("sync_beta");
        assertThat(everything).doesNotContain("@");

        String digest = transfers.get(EU + ">" + JP).digest().orElseThrow();
        assertThat(sql().strings(JP, "SELECT detail->>'digest' FROM fleet.residency_ledger WHERE event = 'METADATA_RECEIVED' "
                + "AND detail->>'source_region' = ? AND detail->>'run' = ?", EU, Long.toString(run.id()))).containsExactly(digest);
        assertThat(sql().strings(EU, "SELECT detail->>'digest' FROM fleet.residency_ledger WHERE event = 'METADATA_SENT' "
                + "AND detail->>'destination_region' = ? AND detail->>'run' = ?", JP, Long.toString(run.id())))
                .containsExactly(digest);
        assertThat(sql().strings(EU, "SELECT detail->>'rule' FROM fleet.residency_ledger WHERE event = 'METADATA_WITHHELD' "
                + "AND detail->>'destination_region' = ? AND detail->>'run' = ?", US, Long.toString(run.id()))).hasSize(1);
        try (Connection connection = connections.dataSource(JP).getConnection()) {
            assertThat(MetadataWriter.digest(connection, EU)).as("anyone can recompute the digest from the table")
                    .isEqualTo(digest);
        }

        FleetView view = fleetView.read(JP);
        assertThat(view.sources()).extracting(FleetViewSource::region).containsExactly(EU, JP);
        assertThat(view.sources().get(0).tenants()).isEqualTo(present);
        assertThat(view.sources().get(0).versions()).containsKey("3");
        assertThat(view.sources().get(0).lastSyncAge()).isLessThan(java.time.Duration.ofMinutes(1));
        assertThat(view.noData()).containsExactly(US);
    }

    @Test
    void whatAForbiddenDestinationStillHoldsIsRevoked() throws Exception {
        sql().admin(US).sql("INSERT INTO fleet.cross_region_metadata (source_region, destination_region, data_type, "
                + "payload_version, aggregated_data) VALUES ('eu-central', 'us-east', 'region_summary', 1, "
                + "'{\"tenants\": 2}')").update();

        SyncRun run = sync.run(List.of(EU), Workers.LOCAL);

        assertThat(run.status()).as(run.reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
        assertThat(sql().count(US, "SELECT count(*) FROM fleet.cross_region_metadata WHERE source_region = ?", EU)).isZero();
        assertThat(sql().strings(US, "SELECT detail->>'rows_removed' FROM fleet.residency_ledger WHERE event = "
                + "'METADATA_REVOKED' AND detail->>'run' = ?", Long.toString(run.id()))).containsExactly("1");
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        SyncRun first = sync.run(List.of(EU), Workers.LOCAL);
        assertThat(first.status()).as(first.reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
        String rows = "SELECT pseudonym || ' ' || encode(payload_digest, 'hex') || ' ' || last_sync FROM fleet.cross_region_metadata "
                + "WHERE source_region = ? AND data_type = 'tenant_summary' ORDER BY pseudonym";
        List<String> before = sql().strings(JP, rows, EU);

        SyncRun second = sync.run(List.of(EU), Workers.LOCAL);

        assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(sql().strings(JP, rows, EU)).isEqualTo(before);
        SyncTransfer again = transfers(second).get(EU + ">" + JP);
        assertThat(again.rowsWritten()).isZero();
        assertThat(again.rowsRemoved()).isZero();
        assertThat(again.digest()).isEqualTo(transfers(first).get(EU + ">" + JP).digest());
    }

    @Test
    void aDestinationDownIsSkippedAndCaughtUpByTheNextRun() throws Exception {
        Tenant alpha = registry.find("sync_alpha").orElseThrow();
        sync.run(List.of(EU), Workers.LOCAL);
        String before = digestAt(JP);
        archive(alpha, "completed", "archived");
        try {
            java.nio.file.Path japan = connections.embeddedDataDir(JP);
            SyncRun run;
            EmbeddedServers.holdDown(japan);
            try {
                run = sync.run(List.of(EU), Workers.LOCAL);
            } finally {
                EmbeddedServers.release(japan);
            }
            assertThat(run.status()).isEqualTo(RunStatus.INCOMPLETE);
            assertThat(run.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("1 transfers not sent"));
            Map<String, SyncTransfer> transfers = transfers(run);
            assertThat(transfers.get(EU + ">" + JP).state()).isEqualTo(SyncTransfer.FAILED);
            assertThat(transfers.get(EU + ">" + JP).lastError()).hasValueSatisfying(e -> assertThat(e).contains(JP));
            assertThat(transfers.get(EU + ">" + EU).state()).as("the other destinations still receive")
                    .isEqualTo(SyncTransfer.SENT);
            assertThat(received(EU, alpha)).doesNotContainKey("records_completed");
            assertThat(digestAt(EU)).as("eu-central holds the new figures").isNotEqualTo(before);
            assertThat(digestAt(JP)).as("japan-east still holds the older figures").isEqualTo(before);

            SyncRun next = sync.run(List.of(EU), Workers.LOCAL);

            assertThat(next.status()).as(next.reason().orElse("")).isEqualTo(RunStatus.COMPLETED);
            assertThat(digestAt(JP)).as("caught up: japan-east holds what eu-central holds").isEqualTo(digestAt(EU));
            assertThat(received(JP, alpha)).doesNotContainKey("records_completed");
        } finally {
            archive(alpha, "archived", "completed");
        }
    }

    /** The digest of what region {@code at} holds from eu-central. */
    private String digestAt(String at) throws Exception {
        try (Connection connection = connections.dataSource(at).getConnection()) {
            return MetadataWriter.digest(connection, EU);
        }
    }

    @Test
    void aPayloadTheReceiverRefusesFailsItsTransferAndStoresNothing() throws Exception {
        sync.run(List.of(JP), Workers.LOCAL);
        List<String> before = sql().strings(EU, "SELECT encode(payload_digest, 'hex') || last_sync FROM fleet.cross_region_metadata "
                + "WHERE source_region = ? ORDER BY data_type, pseudonym", JP);
        sql().admin(EU).sql("DELETE FROM fleet.metadata_allowed_keys WHERE key = 'storage_bytes'").update();
        SyncRun run;
        try {
            run = sync.run(List.of(JP), Workers.LOCAL);
        } finally {
            sql().admin(EU).sql("INSERT INTO fleet.metadata_allowed_keys (key, kind, description) VALUES ('storage_bytes', "
                    + "'count', 'size of the tenant schema(s) in bytes')").update();
        }

        assertThat(run.status()).isEqualTo(RunStatus.INCOMPLETE);
        SyncTransfer refused = transfers(run).get(JP + ">" + EU);
        assertThat(refused.state()).isEqualTo(SyncTransfer.FAILED);
        assertThat(refused.lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains("key \"storage_bytes\" is not on the allowlist").contains("nothing was stored"));
        assertThat(transfers(run).get(JP + ">" + JP).state()).isEqualTo(SyncTransfer.SENT);
        assertThat(sql().strings(EU, "SELECT encode(payload_digest, 'hex') || last_sync FROM fleet.cross_region_metadata "
                + "WHERE source_region = ? ORDER BY data_type, pseudonym", JP)).isEqualTo(before);
    }

    @Test
    void theDryRunShowsEachDestinationsPayloadsAndSendsNothing() throws Exception {
        Tenant gamma = registry.find("sync_gamma").orElseThrow();
        String count = "SELECT count(*) FROM fleet.residency_ledger";
        long ledger = sql().count(JP, count);
        long rows = sql().count(US, "SELECT count(*) FROM fleet.cross_region_metadata");

        List<SyncService.Preview> previews = sync.preview(List.of(JP));

        assertThat(previews).extracting(SyncService.Preview::destination).containsExactly(EU, US, JP);
        SyncService.Preview toEurope = previews.get(0);
        assertThat(toEurope.allowed()).isTrue();
        assertThat(toEurope.tenantPayloads()).containsKey(pseudonyms.pseudonym(gamma.id()));
        assertThat(toEurope.regionSummary()).containsKey("tenants");
        assertThat(sql().count(JP, count)).isEqualTo(ledger);
        assertThat(sql().count(US, "SELECT count(*) FROM fleet.cross_region_metadata")).isEqualTo(rows);
    }
}
