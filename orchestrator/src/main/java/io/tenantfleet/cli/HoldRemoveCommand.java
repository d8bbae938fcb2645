package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.retention.LegalHolds;
import io.tenantfleet.tenant.TenantSlug;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hold remove}: releases a legal hold (the row stays, with who released it and when). */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Releases a legal hold: sets its released time and who released it; the hold row is kept.",
                "Recorded in the tenant's audit log and the region's ledger. A hold released before is left as it is."})
final class HoldRemoveCommand extends ContextCommand {

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "Organization slug, e.g. acme_health.")
    String org;

    @Parameters(index = "0", paramLabel = "HOLD_ID", description = "The hold's id, as hold add or hold list printed it.")
    String holdId;

    private UUID id;

    @Override
    void validateBeforeStart() {
        new TenantSlug(org);
        try {
            id = UUID.fromString(holdId);
            if (!id.toString().equalsIgnoreCase(holdId)) {
                throw new IllegalArgumentException("not canonical");
            }
        } catch (IllegalArgumentException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid HOLD_ID: '" + holdId.replaceAll("[^ -~]", "?")
                    + "' is not a hold id; use the id hold add printed (see orchestrator hold list --org " + org + ")");
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        LegalHolds.Release release = context.getBean(LegalHolds.class).remove(new TenantSlug(org), id,
                HoldCommand.operator());
        if (release.changed()) {
            out().printf("released hold %s on %s of %s%n", id, release.hold().scope(), org);
        } else {
            out().printf("hold %s was already released at %s by %s; nothing changed%n", id,
                    release.hold().releasedAt().orElseThrow(), release.hold().releasedBy().orElse("?"));
        }
        out().flush();
        return 0;
    }
}
