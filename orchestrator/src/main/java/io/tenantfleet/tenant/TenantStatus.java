package io.tenantfleet.tenant;

/** Where a tenant is in its life, as the control plane records it. */
public enum TenantStatus {
    /** Being built (or left so by a run that was killed; the next provision rebuilds it). */
    PROVISIONING,
    /** Built completely; its schema version is recorded. */
    ACTIVE,
    /** A provisioning run failed; the reason is recorded and nothing half-built remains. */
    FAILED
}
