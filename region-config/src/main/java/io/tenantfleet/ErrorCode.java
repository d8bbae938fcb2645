package io.tenantfleet;

/** What went wrong, coarsely; decides the process exit code. */
public enum ErrorCode {
    /** A catalog that does not validate. */
    INVALID_CATALOG(true),
    /** A command-line value that breaks a rule (slug, region, framework, version). */
    INVALID_INPUT(true),
    /** An environment variable the configuration refers to is not set. */
    MISSING_SECRET(true),
    /** A region's database could not be reached or refused the work. */
    REGION_UNAVAILABLE(false),
    /** Provisioning started and failed; the tenant is recorded FAILED with the reason. */
    PROVISIONING_FAILED(false),
    /** Another operation holds the lock this one needs. */
    CONFLICT(false),
    /** Anything else that went wrong while running. */
    OPERATION_FAILED(false);

    private final boolean badInput;

    ErrorCode(boolean badInput) {
        this.badInput = badInput;
    }

    /** True when the caller can fix this by changing what they passed in (exit code 2). */
    public boolean isBadInput() {
        return badInput;
    }
}
