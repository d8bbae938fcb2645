package io.tenantfleet.fleet;

/** What a fleet job does after a wave. */
public enum WaveVerdict {
    /** Go on with the next wave (or finish). */
    CONTINUE,
    /** Stop here: the wave failed past its budget. The run can be resumed. */
    HALT
}
