package io.tenantfleet.region;

import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.catalog.CatalogLoader;
import io.tenantfleet.catalog.RegionCatalog;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The region catalog of this process: {@code orchestrator.catalog}, or the bundled local catalog. */
@Configuration(proxyBeanMethods = false)
class RegionCatalogConfiguration {

    @Bean
    RegionCatalog regionCatalog(OrchestratorProperties properties) {
        CatalogLoader loader = new CatalogLoader();
        return properties.catalog().isBlank() ? loader.loadResource(CatalogLoader.LOCAL_CATALOG)
                : loader.load(Path.of(properties.catalog()));
    }
}
