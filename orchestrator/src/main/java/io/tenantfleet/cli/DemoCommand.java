package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.provisioning.ProvisionOutcome;
import io.tenantfleet.provisioning.ProvisionRequest;
import io.tenantfleet.provisioning.ProvisioningService;
import io.tenantfleet.retention.SampleData;
import io.tenantfleet.retention.SampleSeeder;
import io.tenantfleet.text.Table;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/** {@code demo}: provisions sample organizations over the local catalog's three regions. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"On the local catalog (embedded regions), provisions six sample organizations over its",
                "GDPR, HIPAA and APPI regions, seeds each new one with sample users and assessments of spread ages",
                "(for 'retention run --dry-run') and prints what it did. Safe to run again: ACTIVE ones are left alone."})
final class DemoCommand extends ContextCommand {

    record Sample(String slug, String name, String region, List<String> frameworks) {}

    /** Sample users per new organization, of spread ages (see {@link SampleData}). */
    static final int SAMPLE_USERS = 12;

    static final List<Sample> SAMPLES = List.of(
            new Sample("berlin_analytics", "Berlin Analytics GmbH", "eu-central", List.of()),
            new Sample("lyon_biotech", "Lyon Biotech SAS", "eu-central", List.of()),
            new Sample("acme_health", "Acme Health Inc.", "us-east", List.of()),
            new Sample("boston_claims", "Boston Claims LLC", "us-east", List.of("CCPA")),
            new Sample("sakura_clinic", "Sakura Clinic K.K.", "japan-east", List.of()),
            new Sample("osaka_rentals", "Osaka Rentals K.K.", "japan-east", List.of()));

    @Override
    int run(ConfigurableApplicationContext context) {
        RegionCatalog catalog = context.getBean(RegionCatalog.class);
        if (!catalog.isAllEmbedded()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "demo runs only on a catalog whose databases are all "
                    + "embedded, but " + catalog.source() + " is not; drop --catalog to use the bundled local catalog");
        }
        ProvisioningService service = context.getBean(ProvisioningService.class);
        SampleSeeder seeder = context.getBean(SampleSeeder.class);
        Table table = new Table("ORG", "REGION", "FRAMEWORKS", "SCHEMA", "VERSION", "RESULT", "MS");
        int index = 0;
        for (Sample sample : SAMPLES) {
            index++;
            ProvisionRequest request = ProvisionRequest.of(sample.slug(), sample.name(), sample.region(), sample.frameworks(),
                    catalog);
            spec.commandLine().getErr().printf("[%d/%d] %s -> %s%n", index, SAMPLES.size(), sample.slug(), sample.region());
            spec.commandLine().getErr().flush();
            ProvisionOutcome outcome = service.provision(request);
            if (outcome.action() == ProvisionOutcome.Action.PROVISIONED) {
                seeder.seed(outcome.tenant(), SAMPLE_USERS, index % 2 == 1);
            }
            table.row(sample.slug(), sample.region(), String.join(",", request.frameworks()), request.slug().schema(),
                    outcome.tenant().schemaVersion().orElse("-"),
                    outcome.action() == ProvisionOutcome.Action.PROVISIONED ? "provisioned" : "already active",
                    outcome.elapsed().toMillis());
        }
        table.print(out());
        out().println(SAMPLES.size() + " organizations across " + catalog.regions().size()
                + " regions, each new one with " + SAMPLE_USERS + " sample users and assessments of spread ages (some past "
                + "retention, some soft-deleted, one held in every other organization); run 'status' to list every "
                + "tenant and 'retention run --dry-run' to see what retention would remove");
        out().flush();
        return 0;
    }
}
