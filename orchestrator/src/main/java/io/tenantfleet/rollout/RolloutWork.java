package io.tenantfleet.rollout;

import io.tenantfleet.fleet.FleetLayout;
import io.tenantfleet.fleet.FleetPartition;
import io.tenantfleet.fleet.FleetWork;
import io.tenantfleet.fleet.RunLedger;
import io.tenantfleet.fleet.RunStatus;
import io.tenantfleet.fleet.WaveVerdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rollout as a fleet job: its layout and partitions come from the run's ledger, a partition
 * migrates its tenants ({@link RolloutPartitionRunner}), and between waves the canary rule and the
 * failure budget decide whether the run goes on.
 */
@Component
class RolloutWork implements FleetWork {

    static final String KIND = "rollout";
    private static final Logger log = LoggerFactory.getLogger(RolloutWork.class);

    private final RolloutRuns runs;
    private final RolloutLedger ledger;
    private final RolloutPartitionRunner runner;

    RolloutWork(RolloutRuns runs, RolloutLedger ledger, RolloutPartitionRunner runner) {
        this.runs = runs;
        this.ledger = ledger;
        this.runner = runner;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public FleetLayout layout(long runId) {
        return ledger.layout(runs.get(runId));
    }

    @Override
    public void run(FleetPartition partition) {
        runner.run(partition, runs.get(partition.runId()));
    }

    @Override
    public WaveVerdict afterWave(long runId, int wave, long millis) {
        Map<RolloutState, Integer> counts = ledger.counts(runId, Optional.of(wave));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return WaveVerdict.CONTINUE;
        }
        RolloutRun run = runs.get(runId);
        int failed = counts.getOrDefault(RolloutState.FAILED, 0);
        log.info("rollout {} wave {}/{}: {} done, {} failed, {} pending (region down or worker lost), {} skipped (busy) in {} ms", runId,
                wave, run.waves() - 1, counts.getOrDefault(RolloutState.DONE, 0), failed,
                counts.getOrDefault(RolloutState.PENDING, 0) + counts.getOrDefault(RolloutState.MIGRATING, 0),
                counts.getOrDefault(RolloutState.SKIPPED, 0), millis);
        if (wave == 0 && failed > 0) {
            return halt(run, "the canary wave failed (" + failures(runId, wave) + "); nothing else was touched");
        }
        int budget = Amount.parse("--max-failures", run.maxFailures()).floorOf(total);
        if (failed > budget) {
            return halt(run, "wave " + wave + " had " + failed + " failures, over the budget of " + budget + " ("
                    + failures(runId, wave) + "); later waves were not started");
        }
        return WaveVerdict.CONTINUE;
    }

    @Override
    public int left(long runId) {
        return FleetWork.count(ledger.counts(runId, Optional.empty()), RolloutState::isLeft);
    }

    @Override
    public RunLedger<?> runs() {
        return runs;
    }

    @Override
    public String notDone(long runId) {
        return "still pending (region down or tenant busy)";
    }

    private WaveVerdict halt(RolloutRun run, String reason) {
        runs.setStatus(run.id(), RunStatus.HALTED, reason);
        log.warn("rollout {} halted: {}; 'rollout resume {}' retries the failed tenants and goes on", run.id(), reason,
                run.id());
        return WaveVerdict.HALT;
    }

    private String failures(long runId, int wave) {
        List<String> shown = ledger.failures(runId, wave, 4);
        return String.join("; ", shown.stream().limit(3).toList()) + (shown.size() > 3 ? "; ..." : "");
    }
}
