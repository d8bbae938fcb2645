package io.tenantfleet.cli;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionOutcome;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provision}: builds one organization's schema in its home region. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Provisions an organization: its schema org_<slug> in its home region only, with owner/app/read-only",
                "roles, row-level security, pgcrypto-encrypted PII, hash-chained audit triggers, soft deletes, the",
                "retention policy of its jurisdiction and its wrapped data key. Idempotent: an ACTIVE tenant is",
                "reported and left unchanged; a FAILED one is rebuilt from scratch.",
                "With --file, provisions every row of a CSV or YAML tenants file as one resumable run, one partition",
                "per region; bad rows are reported with their line and skipped. Exit 1 when rows failed, 2 when",
                "rows were bad input."},
        subcommands = {ProvisionStatusCommand.class, ProvisionResumeCommand.class})
final class ProvisionCommand extends ContextCommand {

    @Option(names = "--file", paramLabel = "FILE",
            description = "A tenants file, .csv (header slug,name,region[,frameworks]) or .yml/.yaml (tenants: a list).")
    java.nio.file.Path file;

    @Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
            description = "With --file: where partitions run (default: ${DEFAULT-VALUE}).")
    String workers;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "With --file: output format (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--org", paramLabel = "SLUG",
            description = "Organization slug: ^[a-z][a-z0-9_]{2,39}$, e.g. acme_health.")
    String org;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name (kept only in the home region).")
    String name;

    @Option(names = "--region", paramLabel = "ID", description = "Home region id from the catalog.")
    String region;

    @Option(names = "--frameworks", split = ",", paramLabel = "NAME",
            description = "Extra compliance frameworks (catalog jurisdiction names), comma-separated; the region's own always apply.")
    List<String> frameworks = new ArrayList<>();

    /** One organization or a file, checked before anything starts, so bad input never reaches a database. */
    @Override
    void validateBeforeStart() {
        if (file != null) {
            if (org != null || name != null || region != null || !frameworks.isEmpty()) {
                throw new io.tenantfleet.OrchestratorException(io.tenantfleet.ErrorCode.INVALID_INPUT,
                        "--file provisions the organizations of the file; give --org, --name, --region and --frameworks "
                                + "in its rows instead");
            }
            io.tenantfleet.fleet.Workers.parse(workers);
            rows = io.tenantfleet.provisioning.TenantFile.read(file);
            return;
        }
        if (org == null || name == null || region == null) {
            throw new io.tenantfleet.OrchestratorException(io.tenantfleet.ErrorCode.INVALID_INPUT,
                    "Missing required options: give --org, --name and --region for one organization, or --file FILE "
                            + "for many; see 'provision --help'");
        }
        new io.tenantfleet.tenant.TenantSlug(org);
        ProvisionRequest.checkName(org, name);
    }

    private List<io.tenantfleet.provisioning.BulkRow> rows;

    @Override
    int run(ConfigurableApplicationContext context) {
        if (file != null) {
            return BulkOutput.print(context.getBean(io.tenantfleet.provisioning.BulkProvisioningService.class)
                    .start(file.toString(), rows, io.tenantfleet.fleet.Workers.parse(workers)), output == OutputFormat.json,
                    out());
        }
        ProvisionRequest request = ProvisionRequest.of(org, name, region, frameworks, context.getBean(RegionCatalog.class));
        ProvisionOutcome outcome = context.getBean(ProvisioningService.class).provision(request);
        String version = outcome.tenant().schemaVersion().orElse("-");
        if (outcome.action() == ProvisionOutcome.Action.ALREADY_ACTIVE) {
            out().printf("%s is already ACTIVE in %s (schema %s, version %s); nothing changed%n", org, region,
                    request.slug().schema(), version);
        } else {
            out().printf("provisioned %s in %s: schema %s at version %s, frameworks %s (%d ms)%n", org, region,
                    request.slug().schema(), version, String.join(",", request.frameworks()), outcome.elapsed().toMillis());
        }
        out().flush();
        return 0;
    }
}
