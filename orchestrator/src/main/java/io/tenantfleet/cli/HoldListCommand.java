package io.tenantfleet.cli;

import io.tenantfleet.retention.LegalHold;
import io.tenantfleet.retention.LegalHolds;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.text.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hold list}: the legal holds of one organization or of every active one. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists active legal holds (with --all also released and expired ones) of one organization",
                "or of every active organization, read from their home regions. Exit 1 when a region could not be read."})
final class HoldListCommand extends ContextCommand {

    @Option(names = "--org", paramLabel = "SLUG", description = "Only this organization.")
    String org;

    @Option(names = "--all", description = "Include released and expired holds.")
    boolean all;

    @Mixin
    OutputOption output;

    @Override
    void validateBeforeStart() {
        if (org != null) {
            new TenantSlug(org);
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        LegalHolds.Listing listing = context.getBean(LegalHolds.class).list(Optional.ofNullable(org).map(TenantSlug::new),
                all);
        Instant now = Instant.now();
        if (output.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("format", "tenant-fleet/holds/1");
            document.put("holds", listing.holds().stream().map(hold -> json(hold, now)).toList());
            document.put("problems", listing.problems());
            JsonOutput.print(out(), document);
        } else if (listing.holds().isEmpty()) {
            out().println(all ? "no legal holds" : "no active legal holds");
        } else {
            Table table = new Table("ORG", "HOLD", "STATE", "SCOPE", "UNTIL", "PLACED", "BY", "REASON");
            for (LegalHold hold : listing.holds()) {
                table.row(hold.slug(), hold.id(), hold.state(now).name().toLowerCase(java.util.Locale.ROOT), hold.scope(),
                        hold.heldUntil().map(Instant::toString).orElse("until removed"), hold.placedAt(), hold.placedBy(),
                        hold.reason());
            }
            table.print(out());
        }
        out().flush();
        listing.problems().forEach(problem -> spec.commandLine().getErr().println("error: " + problem));
        spec.commandLine().getErr().flush();
        return listing.problems().isEmpty() ? 0 : ErrorReporter.FAILED;
    }

    private static Map<String, Object> json(LegalHold hold, Instant now) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("org", hold.slug());
        map.put("hold_id", hold.id().toString());
        map.put("state", hold.state(now).name().toLowerCase(java.util.Locale.ROOT));
        map.put("table", hold.table().orElse(null));
        map.put("record_id", hold.recordId().orElse(null));
        map.put("reason", hold.reason());
        map.put("placed_by", hold.placedBy());
        map.put("placed_at", hold.placedAt().toString());
        map.put("held_until", hold.heldUntil().map(Instant::toString).orElse(null));
        map.put("released_at", hold.releasedAt().map(Instant::toString).orElse(null));
        map.put("released_by", hold.releasedBy().orElse(null));
        return map;
    }
}
