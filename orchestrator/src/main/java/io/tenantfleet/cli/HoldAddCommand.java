package io.tenantfleet.cli;

import io.tenantfleet.retention.HoldRequest;
import io.tenantfleet.retention.LegalHold;
import io.tenantfleet.retention.LegalHolds;
import io.tenantfleet.tenant.TenantSlug;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hold add}: places a legal hold and prints its id. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Places a legal hold on the whole organization, one of its tables (--table) or one row",
                "(--table and --id); prints the hold's id. Recorded in the tenant's audit log and the region's ledger."})
final class HoldAddCommand extends ContextCommand {

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme_health.")
    String org;

    @Option(names = "--table", paramLabel = "T", description = "Hold this table only, e.g. users.")
    String table;

    @Option(names = "--id", paramLabel = "ID", description = "With --table: hold this row only (its key, e.g. a user_id).")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (1-500 characters, one line).")
    String reason;

    @Option(names = "--until", paramLabel = "DATE", description = "Last day of the hold (UTC), e.g. 2027-01-31; "
            + "default: until removed.")
    String until;

    private HoldRequest request;

    @Override
    void validateBeforeStart() {
        request = new HoldRequest(new TenantSlug(org), Optional.ofNullable(table), Optional.ofNullable(id), reason,
                Optional.ofNullable(until).map(HoldRequest::parseUntil));
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        LegalHold hold = context.getBean(LegalHolds.class).place(request, HoldCommand.operator());
        out().println(hold.id());
        out().flush();
        return 0;
    }
}
