package io.tenantfleet.cli;

import io.tenantfleet.catalog.CatalogJson;
import io.tenantfleet.catalog.CatalogLoader;
import io.tenantfleet.catalog.CatalogProblem;
import io.tenantfleet.catalog.CatalogValidation;
import io.tenantfleet.catalog.DatabaseSpec;
import io.tenantfleet.catalog.Region;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.text.Table;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catalog validate [FILE]}: checks a catalog without touching any database. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Work with region catalogs.",
        subcommands = CatalogCommand.Validate.class)
final class CatalogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (validate)");
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Checks a region catalog (strict YAML, jurisdictions, retention limits, secrets by",
                    "environment reference) and prints its regions. Touches no database.",
                    "Exit 0 when valid, 2 with one line per problem on stderr when not (with --output json, also",
                    "the document on stdout, \"valid\": false and the problems)."})
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "Catalog to check (default: the bundled region-config/local.yml).")
        Path file;

        @Mixin
        OutputOption output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CatalogLoader loader = new CatalogLoader();
            CatalogValidation validation = file == null
                    ? loader.validate(CatalogLoader.LOCAL_CATALOG, resource())
                    : loader.validate(file);
            if (output.json()) {
                JsonOutput.print(spec.commandLine().getOut(), CatalogJson.document(
                        file == null ? CatalogLoader.LOCAL_CATALOG : file.toString(), validation, System::getenv));
            }
            if (!validation.isValid()) {
                validation.problems().stream().map(CatalogProblem::message)
                        .forEach(line -> spec.commandLine().getErr().println("error: " + line));
                spec.commandLine().getErr().println(validation.problems().size() + " problem(s); the catalog is not valid");
                spec.commandLine().getErr().flush();
                return ErrorReporter.BAD_INPUT;
            }
            if (output.json()) {
                return 0;
            }
            RegionCatalog catalog = validation.catalog().orElseThrow();
            Table table = new Table("REGION", "NAME", "JURISDICTIONS", "TIER", "RETENTION", "AUDIT", "GRACE", "DATABASE",
                    "SECRET");
            for (Region region : catalog.regions()) {
                table.row(region.id(), region.displayName(), String.join(",", region.jurisdictions()), region.tier().label(),
                        region.retentionDays() + "d", region.auditRetentionDays() + "d", region.softDeleteGraceDays() + "d",
                        database(region.database()),
                        secret(region.database()));
            }
            table.print(spec.commandLine().getOut());
            spec.commandLine().getOut().println(catalog.source() + ": valid, " + catalog.regions().size() + " regions, control plane "
                    + database(catalog.controlPlane()));
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static String database(DatabaseSpec spec) {
            // the TLS mode as the driver will read it: the canonical URL over the catalog's driver properties
            return spec instanceof DatabaseSpec.Jdbc jdbc ? jdbc.url() + " (tls " + jdbc.effectiveTlsMode() + ")" : "embedded";
        }

        /** Whether the password's environment variable is set now (it is needed only when the region is used). */
        private static String secret(DatabaseSpec spec) {
            if (spec instanceof DatabaseSpec.Jdbc jdbc && jdbc.password().isPresent()) {
                return jdbc.password().get() + (jdbc.password().get().isSet(System::getenv) ? " set" : " NOT SET");
            }
            return "-";
        }

        private static String resource() {
            try (java.io.InputStream in = CatalogCommand.class.getClassLoader().getResourceAsStream(CatalogLoader.LOCAL_CATALOG)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
