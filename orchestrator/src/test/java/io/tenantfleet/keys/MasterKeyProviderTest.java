package io.tenantfleet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.CatalogLoader;
import io.tenantfleet.catalog.RegionCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyProviderTest {

    @TempDir
    Path dataDir;

    private OrchestratorProperties properties(String variable) {
        return new OrchestratorProperties("", dataDir, variable, "classpath:sql/tenant", 4, 5000, true);
    }

    @Test
    void generatesTheLocalCatalogsKeyOnceWithOwnerOnlyPermissions() throws Exception {
        RegionCatalog local = new CatalogLoader().loadResource(CatalogLoader.LOCAL_CATALOG);

        MasterKey first = new MasterKeyProvider(properties("TENANT_FLEET_TEST_UNSET_KEY"), local).masterKey();
        MasterKey second = new MasterKeyProvider(properties("TENANT_FLEET_TEST_UNSET_KEY"), local).masterKey();

        Path file = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(first.toString()).doesNotContain(first.secret());
    }

    @Test
    void refusesToRunANonLocalCatalogWithoutTheMasterKeyInTheEnvironment() {
        RegionCatalog remote = new CatalogLoader().load(Path.of("../region-config/regions.yml"));

        assertThatThrownBy(() -> new MasterKeyProvider(properties("TENANT_FLEET_TEST_UNSET_KEY"), remote).masterKey())
                .isInstanceOf(OrchestratorException.class)
                .hasMessageStartingWith("environment variable TENANT_FLEET_TEST_UNSET_KEY is not set")
                .extracting(e -> ((OrchestratorException) e).errorCode()).isEqualTo(ErrorCode.MISSING_SECRET);
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }
}
