package io.tenantfleet.fleet;

import java.time.Duration;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;

/**
 * Between waves: the failure budget. The kind reads its ledger for the wave that just ran and says
 * whether the run goes on; after the last wave, whether every tenant is done. One instance per
 * wave, since a flow's states are its objects.
 */
final class WaveDecider implements JobExecutionDecider {

    static final String CONTINUE = "CONTINUE";
    static final String HALTED = "HALTED";
    static final String COMPLETED = "COMPLETED";
    static final String INCOMPLETE = "INCOMPLETE";

    private final FleetWork work;
    private final long runId;
    private final int wave;
    private final boolean last;

    WaveDecider(FleetWork work, long runId, int wave, boolean last) {
        this.work = work;
        this.runId = runId;
        this.wave = wave;
        this.last = last;
    }

    @Override
    public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
        long millis = stepExecution == null || stepExecution.getStartTime() == null || stepExecution.getEndTime() == null ? 0
                : Duration.between(stepExecution.getStartTime(), stepExecution.getEndTime()).toMillis();
        if (work.afterWave(runId, wave, millis) == WaveVerdict.HALT) {
            return new FlowExecutionStatus(HALTED);
        }
        if (!last) {
            return new FlowExecutionStatus(CONTINUE);
        }
        return new FlowExecutionStatus(work.finished(runId) ? COMPLETED : INCOMPLETE);
    }

    @Override
    public String toString() {
        return work.kind() + ".afterWave" + wave;
    }
}
