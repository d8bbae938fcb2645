package io.tenantfleet.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Region SQL V9 drops and recreates {@code fleet.cross_region_metadata}, which no orchestrator has
 * written: on a region where rows were put there by hand it refuses, and leaves the region as it was;
 * on an empty one it installs the table with its guard, even when the guard's repeatable script ran
 * before V9 (a migrate with a target below 9 runs repeatable scripts too).
 */
class CrossRegionMetadataReshapeTest {

    EmbeddedPostgres server;

    @BeforeEach
    void startAServer() throws Exception {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterEach
    void stopIt() throws Exception {
        server.close();
    }

    private Flyway regionSql(String target) {
        return Flyway.configure().dataSource(server.getPostgresDatabase()).locations("classpath:sql/region")
                .schemas(RegionBaseline.SCHEMA).defaultSchema(RegionBaseline.SCHEMA).createSchemas(true)
                .table("fleet_schema_history").target(MigrationVersion.fromVersion(target)).load();
    }

    @Test
    void refusesToReshapeATableHoldingRowsAndChangesNothing() {
        regionSql("8").migrate();
        JdbcClient admin = JdbcClient.create(server.getPostgresDatabase());
        admin.sql("INSERT INTO fleet.cross_region_metadata (organization_id, source_region, data_type, aggregated_data) "
                + "VALUES (gen_random_uuid(), 'eu-central', 'usage', '{}')").update();

        assertThatThrownBy(() -> regionSql("9").migrate()).hasMessageContaining(
                "fleet.cross_region_metadata holds rows that no orchestrator wrote");

        assertThat(admin.sql("SELECT count(*) FROM fleet.cross_region_metadata WHERE organization_id IS NOT NULL")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(admin.sql("SELECT max(version::int) FROM fleet.fleet_schema_history WHERE success")
                .query(Integer.class).single()).isEqualTo(8);
        assertThat(admin.sql("SELECT to_regclass('fleet.metadata_allowed_keys') IS NULL").query(Boolean.class).single())
                .isTrue();
    }

    @Test
    void reshapesTheEmptyTableAndKeepsTheGuardEvenWhenItsScriptRanFirst() {
        regionSql("8").migrate();

        regionSql("latest").migrate();

        JdbcClient admin = JdbcClient.create(server.getPostgresDatabase());
        assertThat(admin.sql("SELECT string_agg(attname, ' ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
                + "'fleet.cross_region_metadata'::regclass AND attnum > 0 AND NOT attisdropped").query(String.class).single())
                .isEqualTo("metadata_id source_region destination_region pseudonym data_type payload_version "
                        + "aggregated_data payload_digest last_sync");
        assertThat(admin.sql("SELECT count(*) FROM fleet.metadata_allowed_keys").query(Long.class).single()).isEqualTo(15);
        admin.sql("INSERT INTO fleet.cross_region_metadata (source_region, destination_region, data_type, payload_version, "
                + "aggregated_data) VALUES ('us-east', 'eu-central', 'region_summary', 1, '{\"tenants\": 12}')").update();
    }
}
