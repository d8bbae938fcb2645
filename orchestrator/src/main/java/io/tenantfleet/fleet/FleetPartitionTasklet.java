package io.tenantfleet.fleet;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The worker step's work, the same in this process and in a worker process: read the partition
 * from the step execution's context and hand it to the kind of job it belongs to.
 */
final class FleetPartitionTasklet implements Tasklet {

    private final Map<String, FleetWork> works;

    FleetPartitionTasklet(List<FleetWork> works) {
        this.works = works.stream().collect(Collectors.toMap(FleetWork::kind, Function.identity()));
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        FleetPartition partition = FleetPartition.of(chunkContext.getStepContext().getStepExecution().getExecutionContext());
        FleetWork work = works.get(partition.kind());
        if (work == null) {
            throw new IllegalStateException("no fleet job of kind " + partition.kind() + " in this process; known: "
                    + works.keySet());
        }
        work.run(partition);
        return RepeatStatus.FINISHED;
    }
}
