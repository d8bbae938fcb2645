package io.tenantfleet.provisioning;

import io.tenantfleet.tenant.Tenant;
import java.time.Duration;

/** What a provision command did for one organization. */
public record ProvisionOutcome(Tenant tenant, Action action, Duration elapsed) {

    /** Whether the tenant was built now or already existed. */
    public enum Action {
        PROVISIONED, ALREADY_ACTIVE
    }
}
