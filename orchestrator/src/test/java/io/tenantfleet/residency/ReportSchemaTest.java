package io.tenantfleet.residency;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON document of every kind of report validates against the shipped JSON Schema, and a bent one does not. */
class ReportSchemaTest {

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = ReportSchemaTest.class.getClassLoader().getResourceAsStream(ResidencyJson.SCHEMA_RESOURCE)) {
            assertThat(in).as(ResidencyJson.SCHEMA_RESOURCE).isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static List<Error> errors(JsonNode document) {
        return schema.validate(document, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    private static ObjectNode document(ResidencyReport report) {
        return (ObjectNode) ResidencyJson.read(ResidencyJson.toJson(report));
    }

    @Test
    void cleanReportValidates() {
        assertThat(errors(document(ReportSamples.clean()))).isEmpty();
    }

    @Test
    void reportWithFindingsValidates() {
        assertThat(errors(document(ReportSamples.withFindings()))).isEmpty();
    }

    @Test
    void reportWithAnUnknownRegionValidates() {
        ObjectNode document = document(ReportSamples.withUnknown());
        assertThat(document.get("regions").get(1).get("ledger_head").isNull()).isTrue();
        assertThat(errors(document)).isEmpty();
    }

    @Test
    void refusesAnExtraFieldAtTheTopAndInsideEvidence() {
        ObjectNode top = document(ReportSamples.withFindings());
        top.put("trusted", true);
        assertThat(errors(top)).extracting(Error::getMessage).anySatisfy(m -> assertThat(m).contains("trusted"));
        ObjectNode inner = document(ReportSamples.withFindings());
        ((ObjectNode) inner.get("findings").get(0).get("evidence")).put("note", "x");
        assertThat(errors(inner)).extracting(Error::getMessage).anySatisfy(m -> assertThat(m).contains("note"));
    }

    @Test
    void refusesADigestThatIsNotSixtyFourLowercaseHexDigits() {
        String digest = ReportSamples.withFindings().digest();
        for (String bad : List.of(digest.toUpperCase(java.util.Locale.ROOT), digest.substring(1), digest.substring(1) + "g")) {
            ObjectNode document = document(ReportSamples.withFindings());
            document.put("digest", bad);
            assertThat(errors(document)).as(bad).extracting(e -> e.getInstanceLocation().toString()).contains("/digest");
        }
    }

    @Test
    void refusesAnUnknownStatusABadRuleIdAndALocalTime() {
        ObjectNode document = document(ReportSamples.withUnknown());
        ((ObjectNode) document.get("regions").get(0)).put("status", "compliant");
        ((ArrayNode) document.get("regions").get(2).get("rules")).set(0, "RES-1");
        ((ObjectNode) document.get("findings").get(0).get("evidence")).put("checked_at", "2025-06-01 12:00:00");
        assertThat(errors(document)).extracting(e -> e.getInstanceLocation().toString()).contains(
                "/regions/0/status", "/regions/2/rules/0", "/findings/0/evidence/checked_at");
    }

    @Test
    void refusesAnUnknownRegionWithoutItsError() {
        ObjectNode document = document(ReportSamples.withUnknown());
        ((ObjectNode) document.get("regions").get(1)).putNull("error");
        assertThat(errors(document)).extracting(e -> e.getInstanceLocation().toString()).contains("/regions/1/error");
    }

    @Test
    void refusesAMissingRequiredField() {
        ObjectNode document = document(ReportSamples.clean());
        document.remove("catalog_digest");
        assertThat(errors(document)).extracting(Error::getMessage).anySatisfy(m -> assertThat(m).contains("catalog_digest"));
    }
}
