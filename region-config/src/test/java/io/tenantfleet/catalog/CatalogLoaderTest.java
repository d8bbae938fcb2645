package io.tenantfleet.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    private final CatalogLoader loader = new CatalogLoader();

    private static final String GOOD_REGION = """
            regions:
              eu-central:
                jurisdictions: [GDPR]
                tier: local
                retention_days: 1000
                database: embedded
            """;

    private CatalogProblem onlyProblem(String yaml) {
        CatalogValidation validation = loader.validate("test.yml", yaml);
        assertThat(validation.isValid()).as("expected a problem in:%n%s", yaml).isFalse();
        assertThat(validation.problems()).hasSize(1);
        return validation.problems().get(0);
    }

    @Test
    void loadsTheBundledLocalCatalogWithOneRegionPerLawAndEmbeddedDatabases() {
        RegionCatalog catalog = loader.loadResource(CatalogLoader.LOCAL_CATALOG);

        assertThat(catalog.regions()).extracting(Region::id).containsExactly("eu-central", "us-east", "japan-east");
        assertThat(catalog.regions()).flatExtracting(Region::jurisdictions).contains("GDPR", "HIPAA", "APPI");
        assertThat(catalog.isAllEmbedded()).isTrue();
        assertThat(catalog.region("eu-central").retentionDays()).isEqualTo(1095);
        assertThat(catalog.region("us-east").retentionDays()).isEqualTo(2555);
    }

    @Test
    void loadsTheFullCatalogOfFourteenRegionsWithEnvironmentPasswordsAndTls() {
        RegionCatalog catalog = loader.load(Path.of("regions.yml"));

        assertThat(catalog.regions()).extracting(Region::id).containsExactly("us-east", "eu-central", "uk-south",
                "canada-central", "australia-east", "singapore", "japan-east", "india-central", "brazil-south",
                "south-africa", "korea-central", "hong-kong", "new-zealand", "israel");
        Region singapore = catalog.region("singapore");
        assertThat(singapore.retentionDays()).isEqualTo(1825);
        assertThat(singapore.tier()).isEqualTo(Tier.PROD);
        DatabaseSpec.Jdbc jdbc = (DatabaseSpec.Jdbc) singapore.database();
        assertThat(jdbc.password()).contains(new SecretRef("REGION_SINGAPORE_PASSWORD"));
        assertThat(jdbc.tls().mode()).isEqualTo("verify-full");
        assertThat(catalog.jurisdictions().get("HIPAA").personalDataMaxDays()).hasValue(2555);
    }

    @Test
    void acceptsTheMinimalFormOfTheSeedCatalogAndFillsDocumentedDefaults() {
        RegionCatalog catalog = loader.validate("seed.yml", """
                regions:
                  us-east:
                    host: powerreview-us-east.postgres.database.azure.com
                    compliance: ["HIPAA", "SOC2", "CCPA"]
                    retention_days: 2555  # 7 years for HIPAA
                  eu-central:
                    host: powerreview-eu-central.postgres.database.azure.com
                    compliance: ["GDPR"]
                    retention_days: 1095  # 3 years for GDPR
                  singapore:
                    host: powerreview-singapore.postgres.database.azure.com
                    compliance: ["PDPA"]
                    retention_days: 1825  # 5 years for PDPA
                """).orThrow();

        Region usEast = catalog.region("us-east");
        assertThat(usEast.retentionDays()).isEqualTo(2555);
        assertThat(usEast.tier()).isEqualTo(Tier.PROD);
        assertThat(usEast.jurisdictions()).containsExactly("HIPAA", "SOC2", "CCPA");
        DatabaseSpec.Jdbc jdbc = (DatabaseSpec.Jdbc) usEast.database();
        assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://powerreview-us-east.postgres.database.azure.com:5432/tenant_fleet");
        assertThat(jdbc.user()).isEqualTo("tenant_fleet");
        assertThat(jdbc.password()).contains(new SecretRef("REGION_US_EAST_PASSWORD"));
        assertThat(jdbc.tls().mode()).isEqualTo("verify-full");
        assertThat(catalog.controlPlane().isEmbedded()).isTrue();
    }

    @Test
    void rejectsAnUnknownJurisdictionNamingFileLinePathValueAndFix() {
        CatalogProblem problem = onlyProblem(GOOD_REGION.replace("[GDPR]", "[GDPR, NARNIA]"));

        assertThat(problem.message()).startsWith("test.yml:3: regions.eu-central.jurisdictions: unknown jurisdiction")
                .contains("(value 'NARNIA')").contains("use one of").contains("GDPR");
    }

    @Test
    void rejectsADuplicateRegionId() {
        CatalogProblem problem = onlyProblem(GOOD_REGION + """
                  eu-central:
                    jurisdictions: [GDPR]
                    database: embedded
                """);

        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.message()).contains("regions.eu-central: duplicate key (first at line 3)").contains("keep one");
    }

    @Test
    void rejectsABadRegionId() {
        CatalogProblem problem = onlyProblem(GOOD_REGION.replace("eu-central:", "EU_Central;drop:"));

        assertThat(problem.message()).contains("bad region id").contains("EU_Central;drop").contains("lower-case");
    }

    @Test
    void rejectsARegionWithoutDatabase() {
        CatalogProblem problem = onlyProblem(GOOD_REGION.replace("    database: embedded\n", ""));

        assertThat(problem.message()).contains("regions.eu-central.database: missing database")
                .contains("database: embedded");
    }

    @Test
    void rejectsNegativeRetention() {
        CatalogProblem problem = onlyProblem(GOOD_REGION.replace("1000", "-5"));

        assertThat(problem.message()).isEqualTo("test.yml:5: regions.eu-central.retention_days: retention cannot be "
                + "negative (value '-5'); set 0 to 1095 days");
    }

    @Test
    void rejectsRetentionOverTheJurisdictionLimit() {
        CatalogProblem problem = onlyProblem(GOOD_REGION.replace("1000", "4000"));

        assertThat(problem.message()).contains("retention_days: retention exceeds the 1095 days that GDPR allows")
                .contains("(value '4000')").contains("set at most 1095 days");
    }

    @Test
    void rejectsALiteralPasswordWithoutEchoingIt() {
        CatalogProblem problem = onlyProblem("""
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    database:
                      url: jdbc:postgresql://db.example.com:5432/tenants
                      user: fleet
                      password: hunter2hunter2
                """);

        assertThat(problem.message()).contains("regions.eu-central.database.password: a literal password is not allowed")
                .contains("${REGION_EU_CENTRAL_PASSWORD}").doesNotContain("hunter2");
    }

    @Test
    void rejectsAMalformedEnvironmentReference() {
        CatalogProblem problem = onlyProblem("""
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    database:
                      url: jdbc:postgresql://db.example.com:5432/tenants
                      user: fleet
                      password: ${lower-case}
                """);

        assertThat(problem.message()).contains("malformed environment reference");
    }

    @Test
    void acceptsAnUnsetEnvironmentReferenceButRefusesToResolveItWhenTheRegionIsUsed() {
        RegionCatalog catalog = loader.validate("test.yml", """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    database:
                      url: jdbc:postgresql://db.example.com:5432/tenants
                      user: fleet
                      password: ${TENANT_FLEET_TEST_SURELY_UNSET_VAR}
                """).orThrow();
        SecretRef secret = ((DatabaseSpec.Jdbc) catalog.region("eu-central").database()).password().orElseThrow();

        assertThatThrownBy(() -> secret.resolve(Map.<String, String>of()::get, "region eu-central"))
                .isInstanceOf(OrchestratorException.class)
                .hasMessage("environment variable TENANT_FLEET_TEST_SURELY_UNSET_VAR is not set but region eu-central needs it; "
                        + "export TENANT_FLEET_TEST_SURELY_UNSET_VAR=<secret> and run again")
                .extracting(e -> ((OrchestratorException) e).errorCode()).isEqualTo(ErrorCode.MISSING_SECRET);
        assertThat(secret.resolve(Map.of("TENANT_FLEET_TEST_SURELY_UNSET_VAR", "s3cret")::get, "x")).isEqualTo("s3cret");
    }

    @Test
    void rejectsUnknownKeysListingTheKnownOnes() {
        CatalogProblem problem = onlyProblem(GOOD_REGION.replace("tier: local", "tier: local\n    retention: 10"));

        assertThat(problem.message()).contains("regions.eu-central.retention: unknown key").contains("retention_days");
    }

    @Test
    void rejectsDisablingTlsOnAProductionRegion() {
        CatalogProblem problem = onlyProblem("""
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    tier: prod
                    database:
                      url: jdbc:postgresql://db.example.com:5432/tenants
                      user: fleet
                      password: ${EU_PASSWORD}
                      tls: {mode: disable}
                """);

        assertThat(problem.message()).contains("TLS cannot be disabled on a prod region");
    }

    @Test
    void rejectsAPasswordHiddenInTheJdbcUrl() {
        CatalogProblem problem = onlyProblem("""
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    database:
                      url: jdbc:postgresql://db.example.com:5432/tenants?password=hunter2
                      user: fleet
                """);

        assertThat(problem.message()).contains("the URL carries a password").doesNotContain("hunter2");
    }

    @Test
    void failsFastOnABillionLaughsDocument() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        yaml.append("regions: *a29\n");

        CatalogValidation validation = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> loader.validate("laughs.yml", yaml.toString()));

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.problems().get(0).message()).contains("laughs.yml").contains("aliases");
    }

    @Test
    void refusesArbitraryTypeTags() {
        CatalogValidation validation = loader.validate("evil.yml", """
                regions: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x/"]]]]
                """);

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.problems()).extracting(CatalogProblem::message)
                .anyMatch(m -> m.startsWith("evil.yml:1:") && m.contains("Global tag is not allowed")
                        && m.contains("remove the type tag"));
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        CatalogProblem problem = onlyProblem("regions:\n  eu-central:\n    jurisdictions: [GDPR\n    tier: local\n");

        assertThat(problem.message()).startsWith("test.yml:").contains("not valid YAML");
        assertThat(problem.line()).isGreaterThan(2);
    }

    @Test
    void letsACatalogOverrideAndAddJurisdictionsAsData() {
        RegionCatalog catalog = loader.validate("custom.yml", """
                jurisdictions:
                  GDPR:
                    personal_data: {max_days: 730}
                  SWISS-FADP:
                    description: Swiss Federal Act on Data Protection
                    personal_data: {default_days: 900, max_days: 1800}
                    audit_records: {min_days: 1000}
                    aggregates_may_leave_region: false
                regions:
                  switzerland-north:
                    jurisdictions: [SWISS-FADP]
                    database: embedded
                  eu-central:
                    jurisdictions: [GDPR]
                    database: embedded
                """).orThrow();

        assertThat(catalog.region("switzerland-north").retentionDays()).isEqualTo(900);
        assertThat(catalog.region("switzerland-north").auditRetentionDays()).isEqualTo(1000);
        assertThat(catalog.jurisdictions().get("SWISS-FADP").aggregatesMayLeave()).isFalse();
        assertThat(catalog.region("eu-central").retentionDays()).isEqualTo(730);
    }

    @Test
    void collectsEveryProblemOfAFileAtOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, """
                regions:
                  eu-central:
                    jurisdictions: [NARNIA]
                    database: embedded
                  Bad_Id:
                    jurisdictions: [GDPR]
                    database: embedded
                  us-east:
                    jurisdictions: [HIPAA]
                    retention_days: -1
                    database: embedded
                """);

        CatalogValidation validation = loader.validate(file);

        List<String> messages = validation.problems().stream().map(CatalogProblem::message).toList();
        assertThat(messages).hasSize(3);
        assertThat(messages).allMatch(m -> m.startsWith(file.toString() + ":"));
        assertThatThrownBy(validation::orThrow).isInstanceOf(CatalogException.class).hasMessageContaining("and 2 more problems");
    }

    @Test
    void reportsAMissingFileWithItsPath() {
        CatalogValidation validation = loader.validate(Path.of("no/such/catalog.yml"));

        assertThat(validation.problems().get(0).message()).contains("catalog file not found").contains("no/such/catalog.yml");
    }
}
