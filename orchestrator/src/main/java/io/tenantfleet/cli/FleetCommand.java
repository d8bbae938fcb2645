package io.tenantfleet.cli;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.sync.FleetView;
import io.tenantfleet.sync.FleetViewFigure;
import io.tenantfleet.sync.FleetViewReader;
import io.tenantfleet.sync.FleetViewSource;
import io.tenantfleet.text.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleet}: the fleet-wide view one region holds, from what the metadata sync delivered to it. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"The fleet-wide view as one region received it from the anonymized metadata sync: per source region its",
                "tenants, their schema versions, active users, assessments, storage, last activity and the age of its last",
                "sync; then the catalog's regions that sent nothing there. Reads that region's cross_region_metadata only",
                "(never the control plane or another region), in a read-only transaction. Counts the sender suppressed",
                "under the k-threshold are shown as suppressed (null in JSON), never as 0."})
final class FleetCommand extends ContextCommand {

    /** Names the JSON document's structure; a change to it is a new number. */
    static final String FORMAT = "tenant-fleet/fleet-view/1";

    /** How a count the sender left out under the k-threshold is shown in text. */
    private static final String SUPPRESSED = "suppressed";

    @Option(names = "--region", paramLabel = "ID", description = "The region whose view to print (default: the catalog's first).")
    String region;

    @Mixin
    OutputOption output;

    @Override
    int run(ConfigurableApplicationContext context) {
        String id = region != null ? region : context.getBean(RegionCatalog.class).regions().get(0).id();
        FleetView view = context.getBean(FleetViewReader.class).read(id);
        if (output.json()) {
            JsonOutput.print(out(), json(view));
        } else {
            text(view, out());
        }
        return 0;
    }

    static void text(FleetView view, PrintWriter out) {
        out.println("fleet view of " + view.region() + " at " + view.readAt() + ", from its cross_region_metadata only"
                + (view.receiving() ? "" : ": nothing received, its region SQL has no cross_region_metadata of V9 yet"));
        Table table = new Table("SOURCE", "TENANTS", "VERSIONS", "USERS ACTIVE", "RECORDS", "STORAGE", "LAST ACTIVITY", "LAST SYNC");
        for (FleetViewSource source : view.sources()) {
            table.row(source.region(), source.tenants(), source.versions().entrySet().stream()
                            .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ")),
                    shown(source.figure(FleetViewFigure.USERS_ACTIVE)), records(source),
                    source.figure(FleetViewFigure.STORAGE_BYTES).stream().mapToObj(FleetCommand::bytes).findFirst()
                            .orElse(SUPPRESSED),
                    source.lastActivity().map(Object::toString).orElse("-"), age(source.lastSyncAge()) + " ago");
        }
        if (!view.sources().isEmpty()) {
            table.print(out);
        }
        out.println(view.sources().stream().mapToLong(FleetViewSource::tenants).sum() + " tenant(s) in "
                + view.sources().size() + " source region(s)" + (view.noData().isEmpty() ? ""
                : "; no data received from " + String.join(", ", view.noData())));
        out.flush();
    }

    private static String shown(OptionalLong figure) {
        return figure.isPresent() ? String.valueOf(figure.getAsLong()) : SUPPRESSED;
    }

    /** Assessments in all four states; {@code 120+} when some state was suppressed (at least that many). */
    private static String records(FleetViewSource source) {
        long total = 0;
        int suppressed = 0;
        int states = 0;
        for (FleetViewFigure figure : FleetViewFigure.values()) {
            if (figure.isRecords()) {
                states++;
                OptionalLong value = source.figure(figure);
                total += value.orElse(0);
                suppressed += value.isPresent() ? 0 : 1;
            }
        }
        return suppressed == states ? SUPPRESSED : total + (suppressed > 0 ? "+" : "");
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 GiB}. */
    static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** The largest whole unit: {@code 45s}, {@code 5m}, {@code 2h}, {@code 3d}. */
    static String age(Duration age) {
        long s = age.getSeconds();
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
    }

    static Map<String, Object> json(FleetView view) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("region", view.region());
        document.put("read_at", view.readAt().toString());
        document.put("receiving", view.receiving());
        document.put("sources", view.sources().stream().map(source -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("region", source.region());
            entry.put("tenants", source.tenants());
            entry.put("versions", source.versions());
            for (FleetViewFigure figure : FleetViewFigure.values()) {
                OptionalLong value = source.figure(figure);
                entry.put(figure.key(), value.isPresent() ? value.getAsLong() : null);
            }
            entry.put("suppressed_cells", source.suppressedCells());
            entry.put("last_activity_date", source.lastActivity().map(Object::toString).orElse(null));
            entry.put("last_sync", source.lastSync().toString());
            entry.put("last_sync_age_s", source.lastSyncAge().getSeconds());
            return entry;
        }).toList());
        document.put("no_data", view.noData());
        return document;
    }
}
