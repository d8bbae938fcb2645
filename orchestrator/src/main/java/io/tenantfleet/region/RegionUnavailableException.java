package io.tenantfleet.region;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;

/** A region's database could not be reached, or failed while the orchestrator worked on it. */
public final class RegionUnavailableException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final String region;

    public RegionUnavailableException(String region, String detail, Throwable cause) {
        super(ErrorCode.REGION_UNAVAILABLE, "region " + region + " is unavailable: " + detail
                + "; check that its server is up and reachable, then run the command again", cause);
        this.region = region;
    }

    public String region() {
        return region;
    }
}
