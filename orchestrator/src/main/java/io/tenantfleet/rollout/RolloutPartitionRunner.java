package io.tenantfleet.rollout;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.OneLine;
import io.tenantfleet.fleet.PartitionIncompleteException;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Migrates the tenants of one partition (a region's lane in a wave): batches of tenants that share
 * a starting version go to the region in one round trip each, through the region's guard
 * (Resilience4j retry and circuit breaker). Each batch's results are written to the ledger while
 * the next batch runs in the region (one write outstanding at a time, in order), so the region's
 * connection does not wait on the control plane; all are written before the partition ends. A
 * process that dies in between leaves those tenants 'migrating', which a resume settles from their
 * real version. A region that goes down leaves the partition's remaining tenants pending, not failed.
 */
@Component
class RolloutPartitionRunner {

    private static final Logger log = LoggerFactory.getLogger(RolloutPartitionRunner.class);

    private final RegionGuard guard;
    private final TenantMigrationExecutor executor;
    private final RolloutLedger ledger;
    private final Set<String> announcedDown = ConcurrentHashMap.newKeySet();

    RolloutPartitionRunner(RegionGuard guard, TenantMigrationExecutor executor, RolloutLedger ledger) {
        this.guard = guard;
        this.executor = executor;
        this.ledger = ledger;
    }

    void run(FleetPartition partition, RolloutRun run) {
        List<RolloutTenant> tenants = ledger.startPartition(run.id(), partition.wave(), partition.region(), partition.lane());
        Map<RolloutState, Integer> tally;
        try (LedgerPipeline pipeline = new LedgerPipeline(ledger, run.id())) {
            tally = migrateAll(partition, run, tenants, pipeline);
            pipeline.flush();
        }
        int unfinished = tenants.size() - tally.getOrDefault(RolloutState.DONE, 0);
        if (unfinished > 0) {
            throw new PartitionIncompleteException(partition, tally.entrySet().stream()
                    .filter(e -> e.getKey() != RolloutState.DONE).map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", ")));
        }
    }

    private Map<RolloutState, Integer> migrateAll(FleetPartition partition, RolloutRun run, List<RolloutTenant> tenants,
            LedgerPipeline pipeline) {
        TemplateVersion target = TemplateVersion.parse(run.targetVersion());
        Map<RolloutState, Integer> tally = new EnumMap<>(RolloutState.class);
        String down = null;
        for (List<RolloutTenant> batch : batches(tenants, run.batchSize())) {
            List<RolloutLedger.Result> results;
            if (down != null) {
                String reason = down;
                results = batch.stream().map(t -> pending(t, reason)).toList();
            } else {
                try {
                    results = migrate(batch, target);
                } catch (RegionUnavailableException e) {
                    down = OneLine.of(e.getMessage());
                    announce(partition, down);
                    String reason = down;
                    results = batch.stream().map(t -> pending(t, reason)).toList();
                }
            }
            pipeline.record(results);
            results.forEach(r -> tally.merge(r.state(), 1, Integer::sum));
        }
        return tally;
    }

    /** Batches of up to {@code size} tenants that share a starting version, so that one call migrates each. */
    private static List<List<RolloutTenant>> batches(List<RolloutTenant> tenants, int size) {
        Map<String, List<RolloutTenant>> byVersion = tenants.stream()
                .collect(Collectors.groupingBy(RolloutTenant::fromVersion, LinkedHashMap::new, Collectors.toList()));
        List<List<RolloutTenant>> batches = new ArrayList<>();
        for (List<RolloutTenant> group : byVersion.values()) {
            for (int i = 0; i < group.size(); i += size) {
                batches.add(group.subList(i, Math.min(group.size(), i + size)));
            }
        }
        return batches;
    }

    private List<RolloutLedger.Result> migrate(List<RolloutTenant> batch, TemplateVersion target) {
        long started = System.nanoTime();
        try {
            List<TenantMigrationExecutor.Outcome> outcomes = guard.call(batch.get(0).region(),
                    connection -> executor.migrate(connection, batch.stream().map(RolloutTenant::planned).toList(), target));
            List<String> changed = outcomes.stream().filter(o -> o.result() == TenantMigrationExecutor.Result.MIGRATED
                    && !o.asPlanned()).map(o -> o.tenant().slug()).toList();
            if (!changed.isEmpty()) {
                log.info("{} changed after the plan and were migrated from their real version: {}", changed.size(),
                        String.join(", ", changed));
            }
            return outcomes.stream().map(RolloutPartitionRunner::result).toList();
        } catch (RegionUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            String message = OneLine.of(e instanceof OrchestratorException ? e.getMessage() : e.toString());
            return batch.stream().map(t -> new RolloutLedger.Result(t.tenantId(), RolloutState.FAILED, message, millis, null))
                    .toList();
        }
    }

    /** One line per region going down in a wave, however many of its partitions notice it. */
    private void announce(FleetPartition partition, String reason) {
        if (announcedDown.add(partition.runId() + "/" + partition.wave() + "/" + partition.region())) {
            log.warn("{}; its remaining tenants of this wave stay pending while the other regions go on, "
                    + "and 'rollout resume {}' continues them once it is back", reason, partition.runId());
        }
    }

    private static RolloutLedger.Result result(TenantMigrationExecutor.Outcome outcome) {
        UUID id = outcome.tenant().tenantId();
        return switch (outcome.result()) {
            case MIGRATED, ALREADY_CURRENT -> new RolloutLedger.Result(id, RolloutState.DONE, null, outcome.millis(),
                    outcome.version());
            case BUSY -> new RolloutLedger.Result(id, RolloutState.SKIPPED, outcome.error(), outcome.millis(), null);
            case FAILED -> new RolloutLedger.Result(id, RolloutState.FAILED, OneLine.of(outcome.error()), outcome.millis(), null);
        };
    }

    private static RolloutLedger.Result pending(RolloutTenant tenant, String why) {
        return new RolloutLedger.Result(tenant.tenantId(), RolloutState.PENDING, why, null, null);
    }
}
