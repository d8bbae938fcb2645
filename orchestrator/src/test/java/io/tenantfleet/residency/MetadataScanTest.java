package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.region.RegionBaseline;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.support.FleetTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The residency report's scan of {@code fleet.cross_region_metadata} ({@link RegionFacts#METADATA}),
 * on rows put past the table's guard (as a superuser with triggers off, as a restored backup or a
 * hand edit would): each payload entry gets the shape the report says, or none when it is an
 * allowlisted count, date or version; a key that is not an identifier is never repeated.
 */
@FleetTest
class MetadataScanTest {

    private static final String REGION = "eu-central";
    private static final String SOURCE = "metadata-scan-test";

    @Autowired
    RegionBaseline baseline;
    @Autowired
    RegionConnections connections;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a count                            | {"users_active": 12}                      | users_active                     |
            a large count                      | {"storage_bytes": 9000000000}             | storage_bytes                    |
            a count of seven digits            | {"users_active": 1234567}                 | users_active                     |
            a count as text                    | {"users_active": "12"}                    | users_active                     | a string where a count belongs
            a negative count                   | {"users_active": -1}                      | users_active                     | a number where a count belongs
            a fraction for a count             | {"users_active": 1.5}                     | users_active                     | a number where a count belongs
            a boolean for a count              | {"users_active": true}                    | users_active                     | a boolean where a count belongs
            a null for a count                 | {"users_active": null}                    | users_active                     | a null where a count belongs
            an e-mail address for a count      | {"users_active": "ann@example.com"}       | users_active                     | an e-mail address
            a phone number for a count         | {"users_active": "+49 151 2345678"}       | users_active                     | a phone number
            a date                             | {"last_activity_date": "2026-11-30"}      | last_activity_date               |
            a date written otherwise           | {"last_activity_date": "30/11/2026"}      | last_activity_date               | a string where a date belongs
            a date as a number                 | {"last_activity_date": 20261130}          | last_activity_date               | a number where a date belongs
            a time of day for a date           | {"last_activity_date": "2026-11-30 10:00"} | last_activity_date              | free text (a value with spaces)
            a date under a key off the list    | {"birth_date": "1980-05-01"}              | birth_date                       | a key not on the allowlist
            a date for a count                 | {"users_active": "2026-11-30"}            | users_active                     | a string where a count belongs
            a date for a version               | {"schema_version": "2026-11-30"}          | schema_version                   | a string where a version belongs
            a version                          | {"schema_version": "3.1"}                 | schema_version                   |
            a version of seven digits          | {"schema_version": "1234567"}             | schema_version                   | a phone number
            a version with a letter            | {"schema_version": "v3"}                  | schema_version                   | a string where a version belongs
            a version as a number              | {"schema_version": 3}                     | schema_version                   | a number where a version belongs
            free text                          | {"schema_version": "by Bob on Monday"}    | schema_version                   | free text (a value with spaces)
            a nested object                    | {"owner": {"name": "Carol"}}              | owner                            | a nested object
            a nested array under a count key   | {"records_draft": [1, 2]}                 | records_draft                    | a nested array
            a key off the allowlist            | {"customer_count": 9}                     | customer_count                   | a key not on the allowlist
            an e-mail address off the list     | {"contact": "bob@example.org"}            | contact                          | an e-mail address
            a key that is not an identifier    | {"Ann Smith": 1}                          | (a key that is not an identifier) | a key not on the allowlist
            a payload that is not an object    | [1, 2]                                    | (a key that is not an identifier) | a nested array
            a payload that is a bare string    | "ann@example.com"                         | (a key that is not an identifier) | an e-mail address
            """)
    void eachEntryGetsTheShapeTheReportSays(String name, String payload, String key, String problem) throws Exception {
        baseline.ready(REGION);
        try (Connection connection = connections.dataSource(REGION).getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fleet.cross_region_metadata "
                    + "(source_region, destination_region, data_type, payload_version, aggregated_data, payload_digest) "
                    + "VALUES (?, ?, 'region_summary', 1, ?::jsonb, public.digest(?::jsonb::text, 'sha256'))")) {
                insert.setString(1, SOURCE);
                insert.setString(2, REGION);
                insert.setString(3, payload);
                insert.setString(4, payload);
                insert.executeUpdate();
            }
            List<String> shapes = new ArrayList<>();
            try (PreparedStatement scan = connection.prepareStatement("SELECT * FROM (" + RegionFacts.METADATA + ") p "
                    + "WHERE p.source_region = ?")) {
                scan.setString(1, SOURCE);
                try (ResultSet rows = scan.executeQuery()) {
                    while (rows.next()) {
                        shapes.add(rows.getString(4) + " | " + rows.getString(5));
                    }
                }
            }
            connection.rollback();
            assertThat(shapes).as(payload).containsExactly(key + " | " + problem);
        }
    }
}
