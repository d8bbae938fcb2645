package io.tenantfleet.fleet;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition of a fleet job's wave: the tenants of one region in one lane. Lanes split a
 * region's tenants so that several partitions work on it at once (the region's concurrency);
 * the kind of job decides which tenants belong to which lane.
 *
 * @param kind   the job kind, e.g. {@code rollout}
 * @param runId  the run in the kind's own ledger
 * @param wave   0-based wave of the run
 * @param region region id
 * @param lane   0-based lane of the region in this wave
 * @param lanes  how many lanes the region has in this wave
 */
public record FleetPartition(String kind, long runId, int wave, String region, int lane, int lanes) {

    private static final String KIND = "fleet.kind";
    private static final String RUN = "fleet.run";
    private static final String WAVE = "fleet.wave";
    private static final String REGION = "fleet.region";
    private static final String LANE = "fleet.lane";
    private static final String LANES = "fleet.lanes";

    /** The partition's name, unique within a run: {@code rollout.w1.eu-central.0}. */
    public String key() {
        return kind + ".w" + wave + "." + region + "." + lane;
    }

    ExecutionContext toContext() {
        ExecutionContext context = new ExecutionContext();
        context.putString(KIND, kind);
        context.putLong(RUN, runId);
        context.putInt(WAVE, wave);
        context.putString(REGION, region);
        context.putInt(LANE, lane);
        context.putInt(LANES, lanes);
        return context;
    }

    static FleetPartition of(ExecutionContext context) {
        return new FleetPartition(context.getString(KIND), context.getLong(RUN), context.getInt(WAVE),
                context.getString(REGION), context.getInt(LANE), context.getInt(LANES));
    }

    @Override
    public String toString() {
        return key() + " of run " + runId;
    }
}
