package io.tenantfleet.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tenantfleet.support.FleetTest;
import io.tenantfleet.support.RegionSql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The receiving side of the cross-region metadata sync (region SQL V9 and its guard): an allowlisted
 * payload of counts, dates and versions is stored with its digest, upserts on the sync's key are
 * idempotent, and any payload that could carry personal data is refused with one error naming the
 * key (never the value), storing nothing.
 */
@FleetTest
class CrossRegionMetadataGuardTest {

    static final String REGION = "eu-central";
    static final String SOURCE = "guard-test-source";
    static final String PSEUDONYM = "a1".repeat(32);
    static final String UPSERT = """
            INSERT INTO fleet.cross_region_metadata
                   (source_region, destination_region, pseudonym, data_type, payload_version, aggregated_data)
            VALUES (?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (source_region, data_type, (coalesce(pseudonym, '')), payload_version) DO UPDATE
               SET aggregated_data = EXCLUDED.aggregated_data, destination_region = EXCLUDED.destination_region,
                   last_sync = EXCLUDED.last_sync
             WHERE cross_region_metadata.payload_digest IS DISTINCT FROM EXCLUDED.payload_digest""";
    static final String VALID = """
            {"users_active": 12, "records_completed": 40, "results_high": 0, "suppressed_cells": 2,
             "storage_bytes": 9000000000, "schema_version": "3.1", "last_activity_date": "2026-03-01"}""";

    @Autowired
    RegionBaseline baseline;
    @Autowired
    RegionConnections connections;

    RegionSql sql;

    @BeforeEach
    void baselineAndNoRowsOfThisTest() {
        baseline.ready(REGION);
        sql = new RegionSql(connections);
        removeRowsOfThisTest();
    }

    @AfterEach
    void removeRowsOfThisTest() {
        sql.admin(REGION).sql("DELETE FROM fleet.cross_region_metadata WHERE source_region = ?").param(SOURCE).update();
    }

    private int upsert(String pseudonym, String dataType, String payload) throws SQLException {
        return execute(UPSERT, SOURCE, REGION, pseudonym, dataType, 1, payload);
    }

    /** One statement as the region's administrator, its SQL error thrown as the driver reports it. */
    private int execute(String statement, Object... params) throws SQLException {
        try (Connection connection = connections.dataSource(REGION).getConnection();
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                prepared.setObject(i + 1, params[i]);
            }
            return prepared.executeUpdate();
        }
    }

    private long rows() {
        return sql.count(REGION, "SELECT count(*) FROM fleet.cross_region_metadata WHERE source_region = ?", SOURCE);
    }

    private String storedDigest() {
        return sql.strings(REGION, "SELECT encode(payload_digest, 'hex') FROM fleet.cross_region_metadata "
                + "WHERE source_region = ?", SOURCE).get(0);
    }

    @Test
    void storesAnAllowlistedPayloadWithTheDigestOfItsCanonicalText() throws Exception {
        assertThat(upsert(PSEUDONYM, "tenant_summary", VALID)).isEqualTo(1);

        String canonical = sql.strings(REGION, "SELECT aggregated_data::text FROM fleet.cross_region_metadata "
                + "WHERE source_region = ?", SOURCE).get(0);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(storedDigest()).isEqualTo(HexFormat.of().formatHex(sha256));
        assertThat(canonical).contains("\"storage_bytes\": 9000000000", "\"schema_version\": \"3.1\"");
    }

    @Test
    void aDigestSentByTheWriterIsReplacedByTheGuards() {
        sql.admin(REGION).sql("INSERT INTO fleet.cross_region_metadata (source_region, destination_region, data_type, "
                + "payload_version, aggregated_data, payload_digest) VALUES (?, ?, 'region_summary', 1, '{\"tenants\": 7}', "
                + "decode(repeat('00', 32), 'hex'))").param(SOURCE).param(REGION).update();

        assertThat(storedDigest()).isEqualTo(sql.strings(REGION, "SELECT encode(sha256(convert_to('{\"tenants\": 7}'::jsonb::text, "
                + "'UTF8')), 'hex')").get(0));
    }

    @Test
    void upsertsOnTheSyncKeyAreIdempotentAndUpdateInPlace() throws Exception {
        assertThat(upsert(PSEUDONYM, "tenant_summary", VALID)).isEqualTo(1);
        assertThat(upsert(null, "region_summary", "{\"tenants\": 7}")).isEqualTo(1);
        List<String> before = sql.strings(REGION, "SELECT metadata_id || ' ' || xmin || ' ' || last_sync "
                + "FROM fleet.cross_region_metadata WHERE source_region = ? ORDER BY data_type", SOURCE);

        assertThat(upsert(PSEUDONYM, "tenant_summary", VALID)).as("same payload again: nothing to change").isZero();
        assertThat(upsert(null, "region_summary", "{\"tenants\":7}")).as("same region summary again").isZero();
        assertThat(sql.strings(REGION, "SELECT metadata_id || ' ' || xmin || ' ' || last_sync "
                + "FROM fleet.cross_region_metadata WHERE source_region = ? ORDER BY data_type", SOURCE))
                .as("rows untouched").isEqualTo(before);

        String digest = storedDigestOf("region_summary");
        assertThat(upsert(null, "region_summary", "{\"tenants\": 8}")).isEqualTo(1);
        assertThat(rows()).isEqualTo(2);
        assertThat(sql.strings(REGION, "SELECT metadata_id || ' ' || (aggregated_data->>'tenants') FROM "
                + "fleet.cross_region_metadata WHERE source_region = ? AND data_type = 'region_summary'", SOURCE))
                .singleElement().isEqualTo(before.get(0).split(" ")[0] + " 8");
        assertThat(storedDigestOf("region_summary")).isNotEqualTo(digest);
    }

    private String storedDigestOf(String dataType) {
        return sql.strings(REGION, "SELECT encode(payload_digest, 'hex') FROM fleet.cross_region_metadata "
                + "WHERE source_region = ? AND data_type = ?", SOURCE, dataType).get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an e-mail address    | {"users_active": 3, "schema_version": "alice@example.com"} | key "schema_version" holds what looks like an e-mail address | alice
            a phone number       | {"last_activity_date": "+49 151 2345678"}                  | key "last_activity_date" holds what looks like a phone number | 2345678
            a phone, digits only | {"schema_version": "01512345678"}                          | key "schema_version" holds what looks like a phone number | 01512345678
            a name as a count    | {"users_active": "Alice"}                                  | key "users_active" must be a count | Alice
            a name as a version  | {"schema_version": "Smith"}                                | key "schema_version" must be a version | Smith
            free text            | {"schema_version": "migrated by Bob on Monday"}             | key "schema_version" holds free text | Bob
            a nested object      | {"users_active": 2, "owner": {"name": "Carol"}}            | key "owner" holds a nested object | Carol
            a nested array       | {"records_draft": [1, 2]}                                  | key "records_draft" holds a nested array | [1
            an unknown key       | {"users_active": 2, "customer_count": 9}                   | key "customer_count" is not on the allowlist | 9
            a key that is PII    | {"dave@example.com": 1}                                    | a key that is not a lower-case identifier (not shown) | dave
            a negative count     | {"users_deleted": -4}                                      | key "users_deleted" must be a count | -4
            a float count        | {"storage_bytes": 2.5}                                     | key "storage_bytes" must be a count | 2.5
            a whole float count  | {"storage_bytes": 2.0}                                     | key "storage_bytes" must be a count | 2.0
            a null count         | {"results_low": null}                                      | key "results_low" must be a count | null
            a date with a time   | {"last_activity_date": "2026-03-01T10:15:00"}              | key "last_activity_date" must be a date | 10:15
            a date, US style     | {"last_activity_date": "03/01/2026"}                       | key "last_activity_date" must be a date | 03/01
            a day that is not    | {"last_activity_date": "2026-02-30"}                       | key "last_activity_date" must be a date | 02-30
            not an object        | ["erin@example.com"]                                       | it is a JSON array, not a flat JSON object | erin
            """)
    void refusesAPayloadThatCouldCarryPersonalDataNamingTheKeyNotTheValue(String what, String payload, String problem,
            String value) {
        PSQLException refused = catchThrowableOfType(PSQLException.class, () -> upsert(PSEUDONYM, "tenant_summary", payload));

        assertThat((Object) refused).as(what).isNotNull();
        assertThat(refused.getSQLState()).isEqualTo("23514");
        assertThat(refused.getServerErrorMessage().getConstraint()).isEqualTo("cross_region_metadata_guard");
        String message = refused.getServerErrorMessage().getMessage();
        assertThat(message).startsWith("fleet.cross_region_metadata refused the payload: ").contains(problem)
                .endsWith("nothing was stored").doesNotContain("\n").doesNotContain(value);
        assertThat(rows()).isZero();
    }

    @Test
    void oneRefusedRowFailsTheWholeStatementAndStoresNothing() {
        String statement = "INSERT INTO fleet.cross_region_metadata (source_region, destination_region, pseudonym, data_type, "
                + "payload_version, aggregated_data) VALUES (?, ?, ?, 'tenant_summary', 1, '{\"users_active\": 5}'), "
                + "(?, ?, ?, 'tenant_summary', 1, '{\"users_active\": 5, \"note\": \"call Frank\"}')";
        String state = RegionSql.sqlState(() -> execute(statement, SOURCE, REGION, PSEUDONYM, SOURCE, REGION, "b2".repeat(32)));

        assertThat(state).isEqualTo("23514");
        assertThat(rows()).isZero();
    }

    @Test
    void refusesAnUpdateThatWouldSmuggleDataIntoAStoredRow() throws Exception {
        upsert(PSEUDONYM, "tenant_summary", VALID);
        String digest = storedDigest();

        String state = RegionSql.sqlState(() -> execute("UPDATE fleet.cross_region_metadata SET aggregated_data = "
                + "aggregated_data || '{\"name\": \"Grace\"}' WHERE source_region = ?", SOURCE));

        assertThat(state).isEqualTo("23514");
        assertThat(storedDigest()).isEqualTo(digest);
    }

    @Test
    void refusesRowsThatAreNotAnonymousByShape() {
        assertThat(RegionSql.sqlState(() -> upsert("not-a-pseudonym", "tenant_summary", "{\"users_active\": 5}")))
                .as("a pseudonym is 64 hex digits").isEqualTo("23514");
        assertThat(RegionSql.sqlState(() -> upsert(null, "tenant_summary", "{\"users_active\": 5}")))
                .as("a tenant summary has a pseudonym").isEqualTo("23514");
        assertThat(RegionSql.sqlState(() -> upsert(PSEUDONYM, "region_summary", "{\"tenants\": 5}")))
                .as("a region summary has none").isEqualTo("23514");
        assertThat(RegionSql.sqlState(() -> upsert(PSEUDONYM, "user_list", "{\"users_active\": 5}")))
                .as("only allowlisted data types").isEqualTo("23514");
        assertThat(rows()).isZero();
    }

    @Test
    void theAuditorReadsTheTableAndItsAllowlistAndWritesNeither() {
        assertThat(sql.strings(REGION, "SELECT has_table_privilege('fleet_auditor', t, 'SELECT') || ' ' "
                + "|| has_table_privilege('fleet_auditor', t, 'INSERT, UPDATE, DELETE') FROM unnest(ARRAY["
                + "'fleet.cross_region_metadata', 'fleet.metadata_allowed_keys']) t"))
                .containsExactly("true false", "true false");
    }
}
