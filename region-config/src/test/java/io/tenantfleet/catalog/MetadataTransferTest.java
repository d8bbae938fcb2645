package io.tenantfleet.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a region's anonymized metadata may go ({@code aggregates_destinations}) and the sync's k-threshold. */
class MetadataTransferTest {

    private final CatalogLoader loader = new CatalogLoader();
    private final RegionCatalog local = loader.loadResource(CatalogLoader.LOCAL_CATALOG);
    private final RegionCatalog full = loader.load(Path.of("regions.yml"));

    private static final String REGIONS = """
            regions:
              eu-central:
                jurisdictions: [GDPR]
                database: embedded
              japan-east:
                jurisdictions: [APPI]
                database: embedded
            """;

    private static TransferDecision transfer(RegionCatalog catalog, String from, String to) {
        return catalog.metadataTransfer(catalog.region(from), catalog.region(to));
    }

    private List<String> problems(String yaml) {
        CatalogValidation validation = loader.validate("sync.yml", yaml);
        assertThat(validation.isValid()).as("expected problems in:%n%s", yaml).isFalse();
        return validation.problems().stream().map(CatalogProblem::message).toList();
    }

    @Test
    void gdprAggregatesGoToAdequateJapanButNotToTheUnitedStates() {
        assertThat(transfer(local, "eu-central", "japan-east"))
                .isEqualTo(new TransferDecision(true, "allowed by GDPR (APPI listed)"));
        assertThat(transfer(local, "eu-central", "us-east")).isEqualTo(new TransferDecision(false,
                "GDPR (eu-central) does not list HIPAA, SOC2 (us-east) among the destinations of its aggregates "
                        + "(aggregates_destinations)"));
    }

    @Test
    void usAggregatesGoToTheEuropeanUnionWhenEveryJurisdictionOfTheRegionAllowsIt() {
        assertThat(transfer(local, "us-east", "eu-central")).isEqualTo(new TransferDecision(true,
                "allowed by HIPAA (GDPR listed), SOC2 (any destination)"));
        assertThat(transfer(full, "us-east", "eu-central").reason())
                .isEqualTo("allowed by HIPAA (GDPR listed), SOC2 (any destination), CCPA (GDPR listed)");
    }

    @Test
    void japanSendsOnlyToTheEuropeanEconomicAreaAndTheUnitedKingdom() {
        assertThat(transfer(full, "japan-east", "uk-south").allowed()).isTrue();
        assertThat(transfer(full, "japan-east", "us-east").reason()).isEqualTo("APPI (japan-east) does not list "
                + "HIPAA, SOC2, CCPA (us-east) among the destinations of its aggregates (aggregates_destinations)");
    }

    @Test
    void koreanAggregatesStayInTheirRegionWhereverTheyWouldGo() {
        for (Region destination : full.regions()) {
            TransferDecision decision = transfer(full, "korea-central", destination.id());
            if (destination.id().equals("korea-central")) {
                assertThat(decision).isEqualTo(new TransferDecision(true, "stays in its region"));
            } else {
                assertThat(decision).isEqualTo(new TransferDecision(false,
                        "PIPA (korea-central) keeps aggregates in the region (aggregates_may_leave_region: false)"));
            }
        }
    }

    @Test
    void everyJurisdictionOfTheDestinationMustBeListedAFrameworkDoesNotStandInForALaw() {
        RegionCatalog catalog = loader.validate("sync.yml", """
                regions:
                  us-east:
                    jurisdictions: [HIPAA, SOC2]
                    database: embedded
                  hong-kong:
                    jurisdictions: [PDPO, SOC2]
                    database: embedded
                  eu-central:
                    jurisdictions: [GDPR, SOC2]
                    database: embedded
                """).orThrow();

        assertThat(transfer(catalog, "us-east", "hong-kong")).isEqualTo(new TransferDecision(false,
                "HIPAA (us-east) does not list PDPO of PDPO, SOC2 (hong-kong) among the destinations of its aggregates "
                        + "(aggregates_destinations)"));
        assertThat(transfer(catalog, "us-east", "eu-central").allowed()).isTrue();
        assertThat(transfer(catalog, "eu-central", "us-east").allowed()).isFalse();
    }

    @Test
    void metadataAlwaysStaysInItsOwnRegion() {
        assertThat(full.regions()).allSatisfy(region -> assertThat(full.metadataTransfer(region, region))
                .isEqualTo(new TransferDecision(true, "stays in its region")));
    }

    @Test
    void theStrictestJurisdictionOfARegionWinsInTheRegionsOrder() {
        RegionCatalog catalog = loader.validate("sync.yml", """
                regions:
                  mixed:
                    jurisdictions: [SOC2, GDPR, PIPA]
                    database: embedded
                  us-east:
                    jurisdictions: [HIPAA]
                    database: embedded
                  japan-east:
                    jurisdictions: [APPI]
                    database: embedded
                """).orThrow();

        assertThat(transfer(catalog, "mixed", "us-east").reason()).isEqualTo("GDPR (mixed) does not list HIPAA (us-east) "
                + "among the destinations of its aggregates (aggregates_destinations)");
        assertThat(transfer(catalog, "mixed", "japan-east")).isEqualTo(new TransferDecision(false,
                "PIPA (mixed) keeps aggregates in the region (aggregates_may_leave_region: false)"));
    }

    @Test
    void everyBundledRegionFollowsTheBundledMatrix() {
        List<String> allowed = full.regions().stream().flatMap(from -> full.regions().stream()
                .filter(to -> !to.equals(from) && full.metadataTransfer(from, to).allowed())
                .map(to -> from.id() + "->" + to.id())).toList();

        assertThat(allowed).contains("eu-central->uk-south", "uk-south->israel", "israel->canada-central",
                "canada-central->hong-kong", "india-central->australia-east", "hong-kong->us-east");
        assertThat(allowed).doesNotContain("us-east->hong-kong", "australia-east->eu-central", "singapore->japan-east",
                "brazil-south->eu-central", "south-africa->uk-south", "new-zealand->eu-central", "eu-central->singapore");
        assertThat(allowed).noneMatch(pair -> pair.startsWith("korea-central->"));
    }

    @Test
    void aCatalogOverridesTheDestinationsOfABundledRuleAndOfItsOwn() {
        RegionCatalog catalog = loader.validate("sync.yml", """
                jurisdictions:
                  GDPR:
                    aggregates_destinations: [SWISS-FADP]
                  APPI:
                    aggregates_destinations: any
                  SWISS-FADP:
                    description: Swiss Federal Act on Data Protection
                    audit_records: {min_days: 1000}
                    aggregates_destinations: []
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    database: embedded
                  japan-east:
                    jurisdictions: [APPI]
                    database: embedded
                  switzerland-north:
                    jurisdictions: [SWISS-FADP]
                    database: embedded
                """).orThrow();

        assertThat(catalog.jurisdictions().get("GDPR").aggregateDestinations()).contains(Set.of("SWISS-FADP"));
        assertThat(catalog.jurisdictions().get("GDPR").personalDataMaxDays()).hasValue(1095);
        assertThat(catalog.jurisdictions().get("APPI").aggregateDestinations()).isEmpty();
        assertThat(transfer(catalog, "eu-central", "switzerland-north").allowed()).isTrue();
        assertThat(transfer(catalog, "eu-central", "japan-east").allowed()).isFalse();
        assertThat(transfer(catalog, "japan-east", "switzerland-north").reason()).isEqualTo("allowed by APPI (any destination)");
        assertThat(transfer(catalog, "switzerland-north", "eu-central").reason()).isEqualTo("SWISS-FADP (switzerland-north) "
                + "lists no destinations for its aggregates (aggregates_destinations: [])");
    }

    @Test
    void refusesAnUnknownJurisdictionInADestinationListWithFileLineFieldValueAndFix() {
        assertThat(problems("""
                jurisdictions:
                  GDPR:
                    aggregates_destinations:
                      - APPI
                      - NARNIA
                """ + REGIONS)).singleElement().asString()
                .startsWith("sync.yml:4: jurisdictions.GDPR.aggregates_destinations: unknown jurisdiction (value 'NARNIA'); "
                        + "use one of GDPR, UK-GDPR,")
                .endsWith(", or define it under jurisdictions:");
    }

    @Test
    void theKThresholdDefaultsToFiveAndACatalogMayRaiseIt() {
        assertThat(local.kThreshold()).isEqualTo(5);
        assertThat(loader.validate("sync.yml", "sync: {k_threshold: 10}\n" + REGIONS).orThrow().kThreshold()).isEqualTo(10);
        assertThat(loader.validate("sync.yml", "sync: {k_threshold: 2}\n" + REGIONS).orThrow().kThreshold()).isEqualTo(2);
    }

    @Test
    void refusesAKThresholdBelowTwoOrNotANumber() {
        for (String value : List.of("1", "five", "-3", "2.5")) {
            assertThat(problems("sync:\n  k_threshold: " + value + "\n" + REGIONS)).containsExactly("sync.yml:2: "
                    + "sync.k_threshold: the k-threshold must be a whole number of at least 2 (value '" + value + "'); "
                    + "write e.g. k_threshold: 5 (the default; counts below it are suppressed)");
        }
        assertThat(problems("sync: {k: 5}\n" + REGIONS)).containsExactly(
                "sync.yml:1: sync.k: unknown key (value 'k'); use one of k_threshold");
    }
}
