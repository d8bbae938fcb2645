package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.support.CapturedStderr;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retention show} and {@code retention set} on real embedded PostgreSQL, as an operator runs them. */
class RetentionCommandTest {

    @TempDir
    static Path dataDir;

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void twoOrganizations() {
        System.setProperty("orchestrator.embedded-fast", "true");
        for (String[] org : new String[][] {{"ret_eu", "eu-central"}, {"ret_us", "us-east"}}) {
            Result provisioned = run("provision", "--org", org[0], "--name", "Retention " + org[0], "--region", org[1]);
            assertThat(provisioned.exit()).as(provisioned.err()).isZero();
        }
    }

    @AfterAll
    static void stopServers() {
        for (String region : List.of("eu-central", "us-east")) {
            EmbeddedServers.stop(dataDir.resolve("fleet").resolve("pg").resolve(region));
        }
        System.clearProperty("orchestrator.embedded-fast");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withDataDir = new String[args.length + 2];
        withDataDir[0] = "--data-dir";
        withDataDir[1] = dataDir.resolve("fleet").toString();
        System.arraycopy(args, 0, withDataDir, 2, args.length);
        try (CapturedStderr logs = new CapturedStderr()) {
            int exit = Main.run(new SpringContexts(), new PrintWriter(out, true), new PrintWriter(err, true), withDataDir);
            return new Result(exit, out.toString(), err.toString());
        }
    }

    /** Rows of a query on a region's server as its superuser (row-level security does not apply), one string each. */
    private static List<String> query(String region, String sql) throws SQLException {
        EmbeddedServers.Server server = EmbeddedServers.obtain(dataDir.resolve("fleet").resolve("pg").resolve(region), true);
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/postgres",
                "postgres", null); Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static List<String> policyRows(String slug) throws SQLException {
        return query(slug.equals("ret_eu") ? "eu-central" : "us-east", "SELECT category || '=' || retention_days || '/' "
                + "|| minimum_days || '/' || coalesce(maximum_days::text, '-') || ' ' || coalesce(set_by, '?') "
                + "FROM org_" + slug + ".retention_policy ORDER BY 1");
    }

    private static long ledgerEntries(String slug) throws SQLException {
        return Long.parseLong(query(slug.equals("ret_eu") ? "eu-central" : "us-east", "SELECT count(*) FROM "
                + "fleet.residency_ledger WHERE event = 'RETENTION_POLICY_SET' AND tenant_slug = '" + slug + "'").get(0));
    }

    @Test
    void provisioningWritesAllFourCategoriesWithTheRuleThatSetEach() throws SQLException {
        assertThat(policyRows("ret_eu")).containsExactly(
                "audit_records=1095/1095/- region eu-central audit_retention_days",
                "business_records=2555/0/- GDPR business_records.default_days",
                "credentials=365/0/1095 GDPR credentials.default_days",
                "personal_data=1095/0/1095 region eu-central retention_days");
    }

    @Test
    void showAsJsonGivesEveryCategoryWithItsFiguresAndRules() {
        Result shown = run("retention", "show", "--org", "ret_eu", "--output", "json");

        assertThat(shown.exit()).as(shown.err()).isZero();
        String json = shown.out();
        assertThat(json).startsWith("{\"format\":\"tenant-fleet/retention-policies/1\",\"tenants\":[{\"org\":\"ret_eu\",\"region\":\"eu-central\",\"frameworks\":"
                + "[\"GDPR\"],\"categories\":[{\"category\":\"personal_data\",\"days\":").endsWith("}]}],\"errors\":[]}"
                + System.lineSeparator()).contains(",\"max_days\":null,\"max_set_by\":null}");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[*].org")).containsExactly("ret_eu");
        assertThat(JsonPath.<String>read(json, "$.tenants[0].region")).isEqualTo("eu-central");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[0].frameworks")).containsExactly("GDPR");
        assertThat(JsonPath.<List<String>>read(json, "$.tenants[0].categories[*].category")).containsExactly(
                "personal_data", "business_records", "credentials", "audit_records");
        Map<String, Object> audit = JsonPath.read(json, "$.tenants[0].categories[3]");
        assertThat(audit).containsEntry("days", 1095).containsEntry("min_days", 1095)
                .containsEntry("min_set_by", "GDPR audit_records.min_days").containsEntry("max_days", null)
                .containsEntry("max_set_by", null).containsKey("set_by");
        Map<String, Object> credentials = JsonPath.read(json, "$.tenants[0].categories[2]");
        assertThat(credentials).containsEntry("days", 365).containsEntry("set_by", "GDPR credentials.default_days")
                .containsEntry("max_days", 1095).containsEntry("max_set_by", "GDPR credentials.max_days");
        assertThat(JsonPath.<List<String>>read(json, "$.errors")).isEmpty();
    }

    @Test
    void showWithoutOrgPrintsOneLinePerTenantAndCategory() {
        Result shown = run("retention", "show");

        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out().lines().filter(line -> line.startsWith("ret_"))).hasSize(8);
        assertThat(shown.out()).containsPattern("ret_us +us-east +personal_data +2555 +region us-east retention_days +- +- "
                + "+2555 +HIPAA personal_data.max_days");
    }

    @Test
    void setRefusesOverTheLegalMaximumWithOneLineAndChangesNothing() throws SQLException {
        List<String> before = policyRows("ret_eu");
        long entries = ledgerEntries("ret_eu");
        Result refused = run("retention", "set", "--org", "ret_eu", "--category", "personal_data", "--days", "2000");

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("error: retention of personal_data for ret_eu not changed: 2000 days is over "
                + "the legal maximum of 1095 days set by GDPR personal_data.max_days; set at most 1095\n");
        assertThat(policyRows("ret_eu")).isEqualTo(before);
        assertThat(ledgerEntries("ret_eu")).isEqualTo(entries);
    }

    @Test
    void setRefusesUnderTheAuditMinimum() throws SQLException {
        long entries = ledgerEntries("ret_us");
        Result refused = run("retention", "set", "--org", "ret_us", "--category", "audit_records", "--days", "400");

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("400 days is under the audit minimum of 2190 days set by HIPAA "
                + "audit_records.min_days; set at least 2190").hasLineCount(1);
        assertThat(ledgerEntries("ret_us")).isEqualTo(entries);
    }

    @Test
    void setRefusesAnUnknownCategoryAndAnUnknownOrganization() {
        Result category = run("retention", "set", "--org", "ret_eu", "--category", "secrets", "--days", "10");
        assertThat(category.exit()).isEqualTo(2);
        assertThat(category.err()).isEqualTo("error: unknown --category 'secrets'; use one of personal_data, "
                + "business_records, credentials, audit_records\n");

        Result org = run("retention", "set", "--org", "nobody_here", "--category", "credentials", "--days", "10");
        assertThat(org.exit()).isEqualTo(2);
        assertThat(org.err()).isEqualTo("error: unknown organization 'nobody_here'; see 'status' for the organizations "
                + "there are\n");
    }

    @Test
    void setShortensWritesTheRowWithWhoSetItAndALedgerEntryWithoutThem() throws SQLException {
        Result set = run("retention", "set", "--org", "ret_us", "--category", "credentials", "--days", "90");

        assertThat(set.exit()).as(set.err()).isZero();
        String setBy = "override: retention set " + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + " by "
                + RetentionSetCommand.actor();
        assertThat(policyRows("ret_us")).contains("credentials=90/0/2555 " + setBy);
        assertThat(query("us-east", "SELECT detail::text FROM fleet.residency_ledger WHERE event = 'RETENTION_POLICY_SET' "
                + "AND tenant_slug = 'ret_us'")).singleElement().asString()
                .contains("\"category\": \"credentials\"", "\"retention_days\": \"90\"", "\"previous_days\": \"365\"",
                        "\"limit_set_by\": \"HIPAA credentials.max_days\"")
                .doesNotContain(RetentionSetCommand.actor());
        Result shown = run("retention", "show", "--org", "ret_us", "--output", "json");
        assertThat(JsonPath.<String>read(shown.out(), "$.tenants[0].categories[2].set_by")).isEqualTo(setBy);
        assertThat(JsonPath.<Integer>read(shown.out(), "$.tenants[0].categories[2].days")).isEqualTo(90);
    }

    @Test
    void dryRunUsesEachRegionsGraceFromTheCatalogUnlessGraceDaysIsGiven() throws Exception {
        Path catalog = dataDir.resolve("graces.yml");
        java.nio.file.Files.writeString(catalog, """
                version: 1
                regions:
                  eu-central: {jurisdictions: [GDPR], tier: local, database: embedded}
                  us-east: {jurisdictions: [HIPAA, SOC2], tier: local, soft_delete_grace_days: 7, database: embedded}
                  japan-east: {jurisdictions: [APPI], tier: local, database: embedded}
                control_plane: {tier: local, database: embedded}
                """);
        java.time.Instant before = java.time.Instant.now();

        Result perRegion = run("--catalog", catalog.toString(), "retention", "run", "--dry-run", "--orgs", "ret_eu,ret_us");
        Result json = run("--catalog", catalog.toString(), "retention", "run", "--dry-run", "--orgs", "ret_us",
                "--output", "json");
        Result overridden = run("retention", "run", "--dry-run", "--orgs", "ret_eu,ret_us", "--grace-days", "12");

        assertThat(perRegion.exit()).as(perRegion.err()).isZero();
        assertThat(perRegion.out()).contains("(soft-deleted rows go after 7 days (us-east), 30 days (eu-central))");
        java.time.Instant grace = java.time.Instant.parse(JsonPath.read(json.out(), "$.tenants[0].cutoffs.soft_delete_grace"));
        assertThat(grace).isBetween(before.minus(java.time.Duration.ofDays(7)), java.time.Instant.now().minus(
                java.time.Duration.ofDays(7)));
        assertThat(overridden.exit()).as(overridden.err()).isZero();
        assertThat(overridden.out()).contains("(soft-deleted rows go after 12 days (eu-central, us-east))");
        Result refused = run("retention", "run", "--dry-run", "--grace-days", "4000");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("error: invalid --grace-days 4000; use 0 to 3650, or leave it out for each "
                + "region's soft_delete_grace_days from the catalog\n");
    }
}
