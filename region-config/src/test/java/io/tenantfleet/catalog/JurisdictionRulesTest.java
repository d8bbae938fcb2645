package io.tenantfleet.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Jurisdiction rules per data category: bundled figures, catalog overrides, and the problems they can have. */
class JurisdictionRulesTest {

    private final CatalogLoader loader = new CatalogLoader();

    private static final String REGION = """
            regions:
              eu-central:
                jurisdictions: [GDPR]
                database: embedded
            """;

    private List<String> problems(String yaml) {
        CatalogValidation validation = loader.validate("rules.yml", yaml);
        assertThat(validation.isValid()).as("expected problems in:%n%s", yaml).isFalse();
        return validation.problems().stream().map(CatalogProblem::message).toList();
    }

    @Test
    void bundledRulesGiveEveryPrivacyLawFiguresForAllFourCategories() {
        RegionCatalog catalog = loader.loadResource(CatalogLoader.LOCAL_CATALOG);
        Jurisdiction gdpr = catalog.jurisdictions().get("GDPR");

        assertThat(gdpr.limits(DataCategory.PERSONAL_DATA)).isEqualTo(new RetentionLimits(OptionalInt.of(1095),
                OptionalInt.empty(), OptionalInt.of(1095)));
        assertThat(gdpr.limits(DataCategory.BUSINESS_RECORDS).defaultDays()).hasValue(2555);
        assertThat(gdpr.limits(DataCategory.CREDENTIALS)).isEqualTo(new RetentionLimits(OptionalInt.of(365),
                OptionalInt.empty(), OptionalInt.of(1095)));
        assertThat(gdpr.limits(DataCategory.AUDIT_RECORDS).minDays()).hasValue(1095);
        assertThat(gdpr.auditMaxDays()).isEmpty();
        assertThat(catalog.jurisdictions().get("PDPA").limits(DataCategory.BUSINESS_RECORDS).defaultDays()).hasValue(1825);
        assertThat(catalog.jurisdictions().get("SOC2").limits(DataCategory.PERSONAL_DATA)).isEqualTo(RetentionLimits.NONE);
        assertThat(catalog.jurisdictions().values()).allSatisfy(rule -> {
            assertThat(rule.limits(DataCategory.CREDENTIALS).defaultDays()).as(rule.name()).hasValue(365);
            assertThat(rule.auditMinDays()).as(rule.name()).isPositive();
        });
    }

    @Test
    void aCatalogOverridesOneFigureAndKeepsTheRestOfTheBundledRule() {
        RegionCatalog catalog = loader.validate("rules.yml", """
                jurisdictions:
                  GDPR:
                    business_records: {max_days: 3650}
                    credentials: {default_days: 90}
                    audit_records: {max_days: 2555}
                """ + REGION).orThrow();
        Jurisdiction gdpr = catalog.jurisdictions().get("GDPR");

        assertThat(gdpr.limits(DataCategory.BUSINESS_RECORDS)).isEqualTo(new RetentionLimits(OptionalInt.of(2555),
                OptionalInt.empty(), OptionalInt.of(3650)));
        assertThat(gdpr.limits(DataCategory.CREDENTIALS)).isEqualTo(new RetentionLimits(OptionalInt.of(90),
                OptionalInt.empty(), OptionalInt.of(1095)));
        assertThat(gdpr.limits(DataCategory.AUDIT_RECORDS)).isEqualTo(new RetentionLimits(OptionalInt.empty(),
                OptionalInt.of(1095), OptionalInt.of(2555)));
        assertThat(gdpr.personalDataMaxDays()).hasValue(1095);
    }

    @Test
    void aMaximumLoweredBelowTheBundledDefaultLowersTheDefaultWithIt() {
        RegionCatalog catalog = loader.validate("rules.yml", """
                jurisdictions:
                  GDPR:
                    business_records: {max_days: 1000}
                """ + REGION).orThrow();

        assertThat(catalog.jurisdictions().get("GDPR").limits(DataCategory.BUSINESS_RECORDS).defaultDays()).hasValue(1000);
    }

    @Test
    void refusesADefaultOverTheMaximumWithFileLineFieldValueAndFix() {
        assertThat(problems("""
                jurisdictions:
                  GDPR:
                    credentials: {default_days: 2000, max_days: 1000}
                """ + REGION)).containsExactly("rules.yml:3: jurisdictions.GDPR.credentials.default_days: default retention "
                        + "exceeds max_days 1000 (value '2000'); lower default_days to at most 1000");
    }

    @Test
    void refusesAnAuditMinimumOverTheAuditMaximum() {
        assertThat(problems("""
                jurisdictions:
                  GDPR:
                    audit_records: {max_days: 400}
                """ + REGION)).first().asString().startsWith("rules.yml:3: jurisdictions.GDPR.audit_records.min_days: "
                        + "minimum retention exceeds max_days 400 (value '1095'); lower min_days to at most 400");
    }

    @Test
    void refusesFiguresACategoryDoesNotHaveAndUnknownCategories() {
        assertThat(problems("""
                jurisdictions:
                  GDPR:
                    business_records: {min_days: 10}
                    secrets: {default_days: 10}
                """ + REGION)).containsExactlyInAnyOrder(
                        "rules.yml:3: jurisdictions.GDPR.business_records.min_days: unknown key (value 'min_days'); "
                                + "use one of default_days, max_days",
                        "rules.yml:4: jurisdictions.GDPR.secrets: unknown key (value 'secrets'); use one of "
                                + "aggregates_destinations, aggregates_may_leave_region, audit_records, business_records, "
                                + "credentials, description, personal_data");
    }

    @Test
    void refusesNegativeOrNonNumericDays() {
        assertThat(problems("""
                jurisdictions:
                  GDPR:
                    business_records: {default_days: -5}
                    credentials: {max_days: soon}
                """ + REGION)).containsExactly(
                        "rules.yml:3: jurisdictions.GDPR.business_records.default_days: days must be between 0 and 36500 "
                                + "(value '-5'); write a number of days in that range",
                        "rules.yml:4: jurisdictions.GDPR.credentials.max_days: expected a whole number of days "
                                + "(value 'soon'); write a number such as 1095");
    }

    @Test
    void aNewJurisdictionNeedsItsAuditMinimum() {
        assertThat(problems("""
                jurisdictions:
                  SWISS-FADP:
                    description: Swiss Federal Act on Data Protection
                    audit_records: {max_days: 2000}
                """ + REGION)).first().asString()
                .startsWith("rules.yml:4: jurisdictions.SWISS-FADP.audit_records.min_days: missing required key 'min_days'");
    }

    @Test
    void refusesARegionAuditRetentionOverAJurisdictionsAuditMaximum() {
        assertThat(problems("""
                jurisdictions:
                  GDPR:
                    audit_records: {max_days: 1500}
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    audit_retention_days: 2000
                    database: embedded
                """)).containsExactly("rules.yml:7: regions.eu-central.audit_retention_days: audit retention must be "
                        + "between the legal minimum 1095 and 1500 days (value '2000'); set at most 1500 days");
    }

    @Test
    void softDeleteGraceIsPerRegionAndDefaultsToThirtyDays() {
        RegionCatalog catalog = loader.validate("rules.yml", """
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    soft_delete_grace_days: 7
                    database: embedded
                  us-east:
                    jurisdictions: [HIPAA]
                    database: embedded
                """).orThrow();

        assertThat(catalog.region("eu-central").softDeleteGraceDays()).isEqualTo(7);
        assertThat(catalog.region("us-east").softDeleteGraceDays()).isEqualTo(30);
    }

    @Test
    void refusesASoftDeleteGraceOutOfRange() {
        assertThat(problems("""
                regions:
                  eu-central:
                    jurisdictions: [GDPR]
                    soft_delete_grace_days: 4000
                    database: embedded
                  us-east:
                    jurisdictions: [HIPAA]
                    soft_delete_grace_days: -1
                    database: embedded
                  japan-east:
                    jurisdictions: [APPI]
                    soft_delete_grace_days: a month
                    database: embedded
                """)).containsExactly(
                        "rules.yml:4: regions.eu-central.soft_delete_grace_days: soft-delete grace must be between 0 and "
                                + "3650 days (value '4000'); set 0 to 3650 days (default 30)",
                        "rules.yml:8: regions.us-east.soft_delete_grace_days: soft-delete grace must be between 0 and "
                                + "3650 days (value '-1'); set 0 to 3650 days (default 30)",
                        "rules.yml:12: regions.japan-east.soft_delete_grace_days: expected a whole number of days "
                                + "(value 'a month'); write a number such as 1095");
    }
}
