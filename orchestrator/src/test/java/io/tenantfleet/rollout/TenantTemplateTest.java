package io.tenantfleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.support.FleetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** The template as rollout and drift see it is the template as Flyway (provisioning) resolves it. */
@FleetTest
class TenantTemplateTest {

    @Autowired
    @Qualifier(ControlPlaneConfiguration.DATA_SOURCE)
    DataSource controlPlane;
    @Autowired
    OrchestratorProperties properties;

    @TempDir
    Path extra;

    private TenantTemplate template(String locations) {
        return new TenantTemplate(new OrchestratorProperties(properties.catalog(), properties.dataDir(),
                properties.masterKeyEnv(), locations, properties.regionPoolSize(), properties.connectTimeoutMs(),
                properties.embeddedFast()), controlPlane);
    }

    @Test
    void versionsScriptsAndChecksumsAreFlywaysOwn() throws Exception {
        Files.createDirectories(extra.resolve("nested"));
        Files.writeString(extra.resolve("nested").resolve("V3_1__nested_and_dotted.sql"), "SELECT 1;\r\nSELECT 2;\n");
        String locations = "classpath:sql/tenant,filesystem:" + extra;

        TenantTemplate template = template(locations);
        MigrationInfo[] flyway = Flyway.configure().dataSource(controlPlane).locations(locations.split(","))
                .schemas("public").table("no_such_history").load().info().all();

        assertThat(template.migrations()).hasSize(flyway.length);
        for (int i = 0; i < flyway.length; i++) {
            TemplateMigration ours = template.migrations().get(i);
            assertThat(ours.version().text()).isEqualTo(flyway[i].getVersion().getVersion());
            assertThat(ours.script()).isEqualTo(flyway[i].getScript());
            assertThat(ours.checksum()).isEqualTo(flyway[i].getChecksum());
            assertThat(ours.description()).isEqualTo(flyway[i].getDescription());
        }
        assertThat(template.latest().text()).isEqualTo("3.1");
        assertThat(template.migrations().get(flyway.length - 1).sql()).contains("SELECT 2;");
    }

    @Test
    void twoMigrationsWithOneVersionOrARepeatableOneAreRefusedInOneLine() throws Exception {
        Files.writeString(extra.resolve("V1__again.sql"), "SELECT 1;");
        assertThatThrownBy(() -> template("classpath:sql/tenant,filesystem:" + extra).migrations())
                .isInstanceOf(OrchestratorException.class).hasMessageContaining("more than one migration with version 1")
                .hasMessageNotContaining("\n");

        Files.delete(extra.resolve("V1__again.sql"));
        Files.writeString(extra.resolve("R__views.sql"), "SELECT 1;");
        assertThatThrownBy(() -> template("classpath:sql/tenant,filesystem:" + extra).migrations())
                .isInstanceOf(OrchestratorException.class).hasMessageContaining("repeatable migration R__views.sql");
    }
}
