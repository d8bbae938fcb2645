package io.tenantfleet.residency;

/**
 * The checks of a residency report, each a named rule tied to the requirement it serves. The ids
 * are stable: reports, spreadsheets and auditors' notes refer to them.
 */
public enum ResidencyRule {

    FOREIGN_SCHEMA("RES-01", "Tenant schema outside its home region",
            "Residency: an organization's data is stored only in its home region (the catalog's region of the "
                    + "jurisdiction that governs it: GDPR Art. 44, APPI Art. 28, PIPA Art. 28-8, HIPAA contracts)"),
    MISSING_SCHEMA("RES-02", "Registered tenant without its schema",
            "Integrity: every ACTIVE tenant of the control plane has its schema on its home region's server"),
    UNREGISTERED_OBJECT("RES-03", "Unregistered org_* schema or role",
            "Inventory: every tenant schema and role on a regional server belongs to a registered organization "
                    + "(GDPR Art. 30 records of processing)"),
    PERSONAL_DATA_SHARED("RES-04", "Personal data in cross-region metadata or the control plane",
            "Minimization: only allowlisted aggregates cross borders; the control plane holds no personal data "
                    + "(GDPR Art. 5(1)(c), Art. 44)"),
    RETENTION_OVER_LIMIT("RES-05", "Effective retention over its jurisdiction's limit",
            "Storage limitation: no tenant keeps a category of data longer than its jurisdictions allow "
                    + "(GDPR Art. 5(1)(e); jurisdictions.yml max_days)"),
    PURGE_OVERDUE("RES-06", "Retention purge overdue",
            "Storage limitation in practice: each tenant's data is purged at least every purge interval "
                    + "(evidence: RETENTION_PURGE in its region's ledger)"),
    CHAIN_BROKEN("RES-07", "Audit log or ledger hash chain does not verify",
            "Accountability: tenant audit logs and region ledgers are tamper-evident (GDPR Art. 5(2), HIPAA "
                    + "164.312(b))"),
    TLS_NOT_VERIFIED("RES-08", "Prod region connection not TLS-verified",
            "Security of processing: connections to prod regions are encrypted and the server verified "
                    + "(GDPR Art. 32, HIPAA 164.312(e)); as the server reports the session"),
    REGION_UNREACHABLE("RES-09", "Region could not be checked",
            "Completeness: a region that cannot be inspected is unknown, never compliant");

    private final String id;
    private final String title;
    private final String requirement;

    ResidencyRule(String id, String title, String requirement) {
        this.id = id;
        this.title = title;
        this.requirement = requirement;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String requirement() {
        return requirement;
    }

    public static ResidencyRule byId(String id) {
        for (ResidencyRule rule : values()) {
            if (rule.id.equals(id)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("unknown residency rule " + id);
    }
}
