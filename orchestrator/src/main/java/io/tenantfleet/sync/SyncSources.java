package io.tenantfleet.sync;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.keys.PseudonymKey;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Builds what a source region sends: its ACTIVE tenants' figures, read in one call, turned into payloads. */
@Component
class SyncSources {

    private static final Logger log = LoggerFactory.getLogger(SyncSources.class);

    private final TenantRegistry registry;
    private final RegionGuard guard;
    private final PseudonymKey key;

    SyncSources(TenantRegistry registry, RegionGuard guard, PseudonymKey key) {
        this.registry = registry;
        this.guard = guard;
        this.key = key;
    }

    /**
     * Reads the source region and builds its payloads with the run's k-threshold.
     *
     * @param keyFingerprint the key the run started with: a run does not mix pseudonyms of two keys
     */
    Payloads build(String source, int kThreshold, String keyFingerprint) {
        if (!key.fingerprint().equals(keyFingerprint)) {
            throw new OrchestratorException(ErrorCode.CONFLICT, "the pseudonym key (" + PseudonymKey.VARIABLE
                    + ") changed since this run started (key " + keyFingerprint + ", now " + key.fingerprint()
                    + "); start a new 'sync' run instead of resuming this one");
        }
        List<Tenant> tenants = registry.list(Optional.of(source)).stream().filter(t -> t.status() == TenantStatus.ACTIVE)
                .toList();
        MetadataReader.Read read = MetadataReader.Read.EMPTY;
        for (int from = 0; from < tenants.size(); from += MetadataReader.CHUNK) {
            // a transaction per chunk: reading a tenant takes a lock on each of its relations until commit,
            // and a region of thousands of tenants in one transaction would exhaust the server's lock table
            List<Tenant> chunk = tenants.subList(from, Math.min(tenants.size(), from + MetadataReader.CHUNK));
            read = read.and(guard.inTransaction(source, connection -> MetadataReader.read(connection, chunk)));
        }
        if (!read.missing().isEmpty()) {
            log.warn("sync: {} ACTIVE tenants of {} have no tenant schema there and are left out: {}", read.missing().size(),
                    source, String.join(", ", read.missing().subList(0, Math.min(10, read.missing().size())))
                            + (read.missing().size() > 10 ? ", ..." : "") + "; see 'drift'");
        }
        if (!read.unreadable().isEmpty()) {
            Map.Entry<String, String> first = read.unreadable().entrySet().iterator().next();
            log.warn("sync: {} tenant schemas of {} could not be read and are left out, e.g. {}: {}",
                    read.unreadable().size(), source, first.getKey(), OneLine.of(first.getValue()));
        }
        return Payloads.build(read.figures(), kThreshold, key::pseudonym);
    }
}
