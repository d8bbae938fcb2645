package io.tenantfleet.retention;

import java.util.List;
import java.util.UUID;

/**
 * What an erasure removed (or, in a dry run, would remove) and held back, per table, children
 * first; counts only, nothing of the person.
 *
 * @param subjects the {@code users} rows the e-mail address matched (0: nothing to erase)
 */
public record ErasureReport(UUID requestId, String slug, String region, boolean dryRun, int subjects,
        List<TableOutcome> tables) {

    /** One table's rows of the subject: erased (or would be) and held back by a legal hold. */
    public record TableOutcome(String table, long erased, long held) {
    }

    public ErasureReport {
        tables = List.copyOf(tables);
    }

    public long erased() {
        return tables.stream().mapToLong(TableOutcome::erased).sum();
    }

    public long held() {
        return tables.stream().mapToLong(TableOutcome::held).sum();
    }
}
