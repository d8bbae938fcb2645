package io.tenantfleet.region;

import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The catalog's embedded servers (control plane and regions) as one fleet that this process can
 * start and keep available to other processes ({@code orchestrator up}), or look up.
 */
@Component
public class EmbeddedFleet {

    private final RegionCatalog catalog;
    private final RegionConnections connections;

    EmbeddedFleet(RegionCatalog catalog, RegionConnections connections) {
        this.catalog = catalog;
        this.connections = connections;
    }

    /** The names of the catalog's embedded databases, control plane first. */
    public Map<String, Path> dataDirs() {
        Map<String, Path> dirs = new LinkedHashMap<>();
        if (catalog.controlPlane().isEmbedded()) {
            dirs.put(RegionConnections.CONTROL_PLANE, connections.embeddedDataDir(RegionConnections.CONTROL_PLANE));
        }
        for (Region region : catalog.regions()) {
            if (region.database().isEmbedded()) {
                dirs.put(region.id(), connections.embeddedDataDir(region.id()));
            }
        }
        return dirs;
    }

    /**
     * Starts every embedded server (unless another process already shares it) and shares those this
     * process runs; returns each one's JDBC URL.
     */
    public Map<String, String> up() {
        Map<String, String> urls = new LinkedHashMap<>();
        dataDirs().forEach((name, dir) -> {
            urls.put(name, connections.endpoint(name).url());
            if (SharedServers.owner(dir).filter(SharedServers.Owner::isThisProcess).isPresent()) {
                EmbeddedServers.share(dir);
            }
        });
        return urls;
    }
}
