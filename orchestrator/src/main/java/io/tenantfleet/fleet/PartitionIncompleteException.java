package io.tenantfleet.fleet;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;

/**
 * A partition ended with tenants that are not done (failed, left pending by a region outage, or
 * busy). Its step execution ends FAILED, so that restarting the run runs it again; completed
 * partitions are not run again.
 */
public final class PartitionIncompleteException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    public PartitionIncompleteException(FleetPartition partition, String summary) {
        super(ErrorCode.OPERATION_FAILED, "partition " + partition.key() + " left tenants unfinished: " + summary);
    }
}
