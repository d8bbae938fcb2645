package io.tenantfleet.retention;

/**
 * What a purge (or its dry run) did, or would do, to one table of a tenant.
 *
 * @param removed    rows deleted (soft-deleted past the grace, past retention, or with their parent)
 * @param anonymized rows anonymized in place
 * @param held       rows due to go that a legal hold (or a held child row) keeps
 * @param left       rows due to go that are still there (locked by live traffic until the end)
 */
public record TableCounts(String table, String category, long removed, long anonymized, long held, long left) {

    public boolean isEmpty() {
        return removed == 0 && anonymized == 0 && held == 0 && left == 0;
    }
}
