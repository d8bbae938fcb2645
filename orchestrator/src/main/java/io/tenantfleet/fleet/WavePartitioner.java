package io.tenantfleet.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The partitions of one wave: one per region and lane, named so that a restarted run finds the
 * ones it completed (the framework then runs only the others). The grid size is ignored: the
 * run's layout decides.
 */
final class WavePartitioner implements Partitioner {

    private final String kind;
    private final long runId;
    private final int wave;
    private final FleetLayout layout;

    WavePartitioner(String kind, long runId, int wave, FleetLayout layout) {
        this.kind = kind;
        this.runId = runId;
        this.wave = wave;
        this.layout = layout;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (FleetPartition partition : layout.partitions(kind, runId, wave)) {
            partitions.put(partition.key(), partition.toContext());
        }
        return partitions;
    }
}
