package io.tenantfleet.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a run, fixed when it is planned: how many waves, and per wave the regions it
 * touches with their number of lanes. A restarted run must get the same layout, so that the
 * framework finds the partitions it already completed.
 *
 * @param waves per wave (index = wave), the regions in catalog order and their lanes
 */
public record FleetLayout(List<Map<String, Integer>> waves) {

    public FleetLayout {
        waves = waves.stream().<Map<String, Integer>>map(wave -> java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(wave))).toList();
    }

    public int waveCount() {
        return waves.size();
    }

    /** Every partition of a wave. */
    List<FleetPartition> partitions(String kind, long runId, int wave) {
        return waves.get(wave).entrySet().stream()
                .flatMap(region -> java.util.stream.IntStream.range(0, region.getValue())
                        .mapToObj(lane -> new FleetPartition(kind, runId, wave, region.getKey(), lane, region.getValue())))
                .toList();
    }
}
