package io.tenantfleet.rollout;

import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The work of the rollout job's steps. The run id arrives as a job parameter; everything else is
 * read from the run's ledger, so a resumed run continues exactly where the last one stopped.
 */
@Component
class RolloutSteps {

    static final String RUN_ID = "run.id";
    static final String ATTEMPT = "attempt";

    private final RolloutLedger ledger;
    private final WaveRunner runner;

    RolloutSteps(RolloutLedger ledger, WaveRunner runner) {
        this.ledger = ledger;
        this.runner = runner;
    }

    void canary(JobExecution job) {
        RolloutRun run = run(job);
        runWave(run, 0);
    }

    void waves(JobExecution job) {
        RolloutRun run = run(job);
        for (int wave = 1; wave < run.waves(); wave++) {
            runWave(run, wave);
        }
    }

    /** After the job: COMPLETED, INCOMPLETE (tenants left pending), or FAILED; a halt was recorded already. */
    void finish(JobExecution job) {
        RolloutRun run = run(job);
        if (!run.status().equals("RUNNING")) {
            return;
        }
        if (job.getStatus() != BatchStatus.COMPLETED) {
            String reason = job.getAllFailureExceptions().stream().findFirst().map(Throwable::getMessage)
                    .orElse("job ended with status " + job.getStatus());
            ledger.setStatus(run.id(), "FAILED", reason);
            return;
        }
        Map<String, Integer> counts = ledger.counts(run.id());
        int left = counts.getOrDefault("pending", 0) + counts.getOrDefault("skipped", 0) + counts.getOrDefault("migrating", 0);
        if (left > 0) {
            ledger.setStatus(run.id(), "INCOMPLETE", left + " tenants still pending (region down or tenant busy); "
                    + "run 'rollout resume " + run.id() + "' when they are reachable");
        } else {
            ledger.setStatus(run.id(), "COMPLETED", null);
        }
    }

    private void runWave(RolloutRun run, int wave) {
        List<RolloutTenant> tenants = ledger.unfinished(run.id(), wave);
        if (tenants.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        ledger.markMigrating(run.id(), wave);
        WaveRunner.WaveOutcome outcome = runner.run(run.id(), tenants, TemplateVersion.parse(run.targetVersion()),
                run.parallelPerRegion(), run.batchSize());
        WaveRunner.logWave(run.id(), wave, run.waves(), outcome, (System.nanoTime() - started) / 1_000_000);
        if (wave == 0 && outcome.failed() > 0) {
            halt(run, "the canary wave failed (" + summary(outcome) + "); nothing else was touched");
        }
        int budget = Amount.parse("--max-failures", run.maxFailures()).floorOf(tenants.size());
        if (outcome.failed() > budget) {
            halt(run, "wave " + wave + " had " + outcome.failed() + " failures, over the budget of " + budget + " ("
                    + summary(outcome) + "); later waves were not started");
        }
    }

    private void halt(RolloutRun run, String reason) {
        ledger.setStatus(run.id(), "HALTED", reason);
        throw new RolloutHaltedException(run.id(), reason);
    }

    private static String summary(WaveRunner.WaveOutcome outcome) {
        List<String> shown = outcome.failures().stream().limit(3).toList();
        return String.join("; ", shown) + (outcome.failures().size() > 3 ? "; ..." : "");
    }

    private RolloutRun run(JobExecution job) {
        long runId = job.getJobParameters().getLong(RUN_ID);
        return ledger.run(runId).orElseThrow(() -> new IllegalStateException("rollout run " + runId + " is not recorded"));
    }
}
