package io.tenantfleet.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantfleet.catalog.CatalogLoader;
import io.tenantfleet.catalog.DataCategory;
import io.tenantfleet.catalog.RegionCatalog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The effective policy: per category the strictest rule, each figure with the rule that set it, then overrides. */
class RetentionPolicyTest {

    private final RegionCatalog catalog = new CatalogLoader().validate("policy.yml", """
            jurisdictions:
              STRICT-BIZ:
                description: a framework stricter than GDPR on business records, credentials and audit
                business_records: {default_days: 1000, max_days: 1500}
                credentials: {max_days: 200}
                audit_records: {min_days: 1500}
            regions:
              eu-central:
                jurisdictions: [GDPR]
                retention_days: 900
                database: embedded
              us-east:
                jurisdictions: [SOC2]
                database: embedded
            """).orThrow();

    private final RetentionPolicy rules = RetentionPolicy.of(catalog.region("eu-central"), List.of("GDPR", "STRICT-BIZ"),
            catalog);

    private static StoredRetention override(DataCategory category, int days) {
        return new StoredRetention(category, days, Optional.of("override: retention set 2026-11-30 by ops"));
    }

    @Test
    void eachCategoryTakesTheStrictestRuleAndNamesIt() {
        CategoryPolicy personal = rules.category(DataCategory.PERSONAL_DATA);
        assertThat(personal.retention()).isEqualTo(new RetentionFigure(900, "region eu-central retention_days"));
        assertThat(personal.maximum()).contains(new RetentionFigure(1095, "GDPR personal_data.max_days"));
        assertThat(personal.minimum()).isEmpty();

        CategoryPolicy business = rules.category(DataCategory.BUSINESS_RECORDS);
        assertThat(business.retention()).isEqualTo(new RetentionFigure(1000, "STRICT-BIZ business_records.default_days"));
        assertThat(business.maximum()).contains(new RetentionFigure(1500, "STRICT-BIZ business_records.max_days"));

        CategoryPolicy credentials = rules.category(DataCategory.CREDENTIALS);
        assertThat(credentials.retention()).isEqualTo(new RetentionFigure(200, "STRICT-BIZ credentials.max_days"));
        assertThat(credentials.maxDays()).hasValue(200);

        CategoryPolicy audit = rules.category(DataCategory.AUDIT_RECORDS);
        assertThat(audit.retention()).isEqualTo(new RetentionFigure(1500, "STRICT-BIZ audit_records.min_days"));
        assertThat(audit.minimum()).contains(new RetentionFigure(1500, "STRICT-BIZ audit_records.min_days"));
        assertThat(audit.maximum()).isEmpty();
    }

    @Test
    void aCategoryNoRuleCoversFallsBackToTheDocumentedDefault() {
        RetentionPolicy soc2 = RetentionPolicy.of(catalog.region("us-east"), List.of("SOC2"), catalog);

        assertThat(soc2.category(DataCategory.BUSINESS_RECORDS).retention())
                .isEqualTo(new RetentionFigure(2555, "tenant-fleet default business_records"));
        assertThat(soc2.category(DataCategory.CREDENTIALS).retention())
                .isEqualTo(new RetentionFigure(365, "SOC2 credentials.default_days"));
        assertThat(soc2.category(DataCategory.AUDIT_RECORDS).retention())
                .isEqualTo(new RetentionFigure(365, "region us-east audit_retention_days"));
    }

    @Test
    void storedOverridesApplyOnlyWithinTheRules() {
        RetentionPolicy effective = rules.with(List.of(
                override(DataCategory.PERSONAL_DATA, 700),
                override(DataCategory.CREDENTIALS, 300),
                new StoredRetention(DataCategory.BUSINESS_RECORDS, 1200, Optional.of("GDPR business_records.default_days")),
                override(DataCategory.AUDIT_RECORDS, 1200)));

        assertThat(effective.category(DataCategory.PERSONAL_DATA).retention())
                .isEqualTo(new RetentionFigure(700, "override: retention set 2026-11-30 by ops"));
        assertThat(effective.category(DataCategory.PERSONAL_DATA).maxDays()).hasValue(1095);
        assertThat(effective.category(DataCategory.CREDENTIALS)).isEqualTo(rules.category(DataCategory.CREDENTIALS));
        assertThat(effective.category(DataCategory.BUSINESS_RECORDS)).isEqualTo(rules.category(DataCategory.BUSINESS_RECORDS));
        assertThat(effective.category(DataCategory.AUDIT_RECORDS)).isEqualTo(rules.category(DataCategory.AUDIT_RECORDS));
    }

    @Test
    void refusesOverTheMaximumUnderTheMinimumAndLongerWhereNoMaximumApplies() {
        assertThat(rules.category(DataCategory.PERSONAL_DATA).refusal(1096)).contains("1096 days is over the legal "
                + "maximum of 1095 days set by GDPR personal_data.max_days; set at most 1095");
        assertThat(rules.category(DataCategory.PERSONAL_DATA).refusal(1095)).isEmpty();
        assertThat(rules.category(DataCategory.AUDIT_RECORDS).refusal(1499)).contains("1499 days is under the audit "
                + "minimum of 1500 days set by STRICT-BIZ audit_records.min_days; set at least 1500");
        assertThat(rules.category(DataCategory.AUDIT_RECORDS).refusal(1600)).contains("1600 days is longer than the "
                + "1500 days set by STRICT-BIZ audit_records.min_days; with no legal maximum for audit_records retention "
                + "may only be shortened: set at most 1500");
        assertThat(rules.category(DataCategory.AUDIT_RECORDS).refusal(1500)).isEmpty();
    }
}
