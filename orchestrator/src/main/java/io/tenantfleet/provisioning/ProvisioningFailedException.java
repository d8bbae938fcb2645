package io.tenantfleet.provisioning;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;

/** A provisioning run failed; the tenant is FAILED with {@link #reason()} and can be provisioned again. */
public final class ProvisioningFailedException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final String slug;
    private final String reason;

    public ProvisioningFailedException(String slug, String reason) {
        super(ErrorCode.PROVISIONING_FAILED, "provisioning " + slug + " failed: " + reason
                + "; nothing half-built was kept, fix the cause and run 'provision' again to complete it");
        this.slug = slug;
        this.reason = reason;
    }

    public String slug() {
        return slug;
    }

    public String reason() {
        return reason;
    }
}
