package io.tenantfleet.provisioning;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.FleetWork;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.fleet.PartitionIncompleteException;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.WaveVerdict;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.tenant.TenantLocks;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bulk onboarding as a fleet job: one wave, one partition per region, which walks the region's
 * open rows in chunks ({@link BulkChunk}): the chunk's tenants are locked and registered in one
 * control-plane transaction, each is built in one region transaction of its own, and their
 * outcomes are recorded in one more. The region session is renewed every {@link #PER_SESSION}
 * tenants: PostgreSQL 17 slows a session's DDL as its plan cache grows. A region down fails its
 * rows at once (resume retries them); the other regions go on.
 */
@Component
class BulkWork implements FleetWork {

    static final String KIND = "provision";
    static final int CHUNK = 10;
    static final int PER_SESSION = 20;
    private static final long PROGRESS_NANOS = 10_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(BulkWork.class);

    private final BulkLedger ledger;
    private final BulkChunk chunks;
    private final TenantLocks locks;
    private final RegionConnections connections;
    private final RegionCatalog catalog;

    BulkWork(BulkLedger ledger, BulkChunk chunks, TenantLocks locks, RegionConnections connections, RegionCatalog catalog) {
        this.ledger = ledger;
        this.chunks = chunks;
        this.locks = locks;
        this.connections = connections;
        this.catalog = catalog;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public FleetLayout layout(long runId) {
        return ledger.layout(runId);
    }

    @Override
    public void run(FleetPartition partition) {
        long runId = partition.runId();
        String region = partition.region();
        List<BulkLedger.Open> open = ledger.open(runId, region, row -> ProvisionRequest.of(row.slug(), row.name(),
                row.region(), row.frameworks(), catalog));
        long started = System.nanoTime();
        long reported = started;
        int failed = 0;
        int sinceRenewal = 0;
        for (int first = 0; first < open.size(); first += CHUNK) {
            List<BulkLedger.Open> chunk = open.subList(first, Math.min(open.size(), first + CHUNK));
            try (TenantLocks.HeldTenants held = locks.acquireFree(chunk.stream().map(o -> o.request().slug().value()).toList())) {
                failed += chunks.run(runId, chunk, held.held());
            } catch (RegionUnavailableException e) {
                String down = OneLine.of(e.getMessage());
                log.warn("provision run {}: {}; its {} rows left are failed, the other regions go on; 'provision resume {}' "
                        + "retries them", runId, down, open.size() - first, runId);
                chunks.regionDown(runId, open.subList(first, open.size()), down);
                throw new PartitionIncompleteException(partition, "region " + region + " is down");
            }
            sinceRenewal += chunk.size();
            if (sinceRenewal >= PER_SESSION) {
                renewSessions(region);
                sinceRenewal = 0;
            }
            long now = System.nanoTime();
            if (now - reported > PROGRESS_NANOS) {
                int done = first + chunk.size();
                log.info("provision run {}: {} {}/{} rows, {} failed, {} tenants/s", runId, region, done, open.size(), failed,
                        String.format(java.util.Locale.ROOT, "%.1f", done / ((now - started) / 1e9)));
                reported = now;
            }
        }
        if (failed > 0) {
            throw new PartitionIncompleteException(partition, failed + " rows failed");
        }
    }

    /** The region's pooled sessions are replaced as they come back: the next tenants start on a fresh plan cache. */
    private void renewSessions(String region) {
        try {
            javax.sql.DataSource pool = connections.dataSource(region);
            if (pool.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                com.zaxxer.hikari.HikariPoolMXBean bean = pool.unwrap(com.zaxxer.hikari.HikariDataSource.class)
                        .getHikariPoolMXBean();
                if (bean != null) {
                    bean.softEvictConnections();
                }
            }
        } catch (SQLException e) {
            // sessions are kept; provisioning only goes slower
        }
    }

    @Override
    public WaveVerdict afterWave(long runId, int wave, long millis) {
        Map<String, Integer> counts = ledger.counts(runId);
        log.info("provision run {}: {} provisioned, {} already present, {} failed, {} invalid in {} ms", runId,
                counts.getOrDefault(BulkRowState.PROVISIONED, 0), counts.getOrDefault(BulkRowState.PRESENT, 0),
                left(runId), counts.getOrDefault(BulkRowState.INVALID, 0), millis);
        return WaveVerdict.CONTINUE;
    }

    @Override
    public String unit() {
        return "rows";
    }

    @Override
    public int left(long runId) {
        return FleetWork.count(ledger.counts(runId), state -> state.equals(BulkRowState.PENDING)
                || state.equals(BulkRowState.BUILDING) || state.equals(BulkRowState.FAILED));
    }

    @Override
    public RunLedger<?> runs() {
        return ledger;
    }

    @Override
    public String notDone(long runId) {
        return "not provisioned (a region down or a build failed; see 'provision status " + runId + "')";
    }

    static String message(RuntimeException e) {
        return OneLine.of(e instanceof OrchestratorException ? e.getMessage() : e.toString());
    }
}
