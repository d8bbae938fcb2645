package io.tenantfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The command line as users run it: real contexts, real embedded servers, exit codes and output. */
class CommandLineTest {

    @TempDir
    static Path dataDir;

    static final AtomicInteger opened = new AtomicInteger();

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void fastEmbeddedServers() {
        System.setProperty("orchestrator.embedded-fast", "true");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("orchestrator.embedded-fast");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Contexts counting = options -> {
            opened.incrementAndGet();
            ConfigurableApplicationContext context = new SpringContexts().open(options);
            return context;
        };
        int exit = Main.run(counting, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Result result = run("--help");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("demo", "provision", "status", "catalog", "Exit codes: 0 success, 1 operational "
                + "failure, 2 bad input.");
        assertThat(run("provision", "--help").out()).contains("--org", "--name", "--region", "--frameworks");
    }

    @Test
    void refusesHostileSlugsWithExitTwoBeforeAnythingStarts() {
        int before = opened.get();
        for (String slug : new String[] {"x'); DROP SCHEMA fleet CASCADE; --", "\u0430cme_health", "Acme", "ab",
                "acme-health", "a".repeat(41), "acme\u0000health"}) {
            Result result = run("--data-dir", dataDir.toString(), "provision", "--org", slug, "--name", "n", "--region",
                    "eu-central");
            assertThat(result.exit()).as(slug).isEqualTo(2);
            assertThat(result.err().lines()).as(slug).hasSize(1).allMatch(l -> l.startsWith("error: invalid organization slug"));
        }
        assertThat(opened.get()).isEqualTo(before);
    }

    @Test
    void refusesMissingOptionsAndUnknownRegionsWithExitTwo() {
        Result missing = run("provision", "--org", "acme_health");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options").contains("--help");

        Result region = run("--data-dir", dataDir.toString(), "provision", "--org", "acme_health", "--name", "Acme",
                "--region", "mars");
        assertThat(region.exit()).isEqualTo(2);
        assertThat(region.err().strip()).isEqualTo("error: unknown region 'mars' in region-config/local.yml; "
                + "use one of eu-central, us-east, japan-east");
    }

    @Test
    void validatesTheBundledCatalogAndPrintsItsRegions() {
        Result result = run("catalog", "validate");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("eu-central", "GDPR", "us-east", "HIPAA", "japan-east", "APPI", "embedded")
                .contains("valid, 3 regions");
    }

    @Test
    void reportsEveryCatalogProblemWithExitTwo(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("bad.yml");
        Files.writeString(catalog, "regions:\n  eu-central:\n    jurisdictions: [GDPR]\n    retention_days: 5000\n"
                + "    database: embedded\n  x:\n    jurisdictions: [GDPR]\n    database: embedded\n");

        Result result = run("catalog", "validate", catalog.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains(catalog + ":4: regions.eu-central.retention_days: retention exceeds")
                .contains(catalog + ":6: regions.x: bad region id").contains("2 problem(s)");
        assertThat(run("--catalog", catalog.toString(), "--data-dir", dataDir.toString(), "status").exit()).isEqualTo(2);
    }

    @Test
    void demoProvisionsSampleOrganizationsAndRunsAgainWithoutChangingThem() {
        Result first = run("--data-dir", dataDir.toString(), "demo");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("acme_health", "provisioned", "6 organizations across 3 regions");

        Result second = run("--data-dir", dataDir.toString(), "demo");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).doesNotContain(" provisioned ").contains("already active");

        Result status = run("--data-dir", dataDir.toString(), "status", "--region", "us-east");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("acme_health", "boston_claims", "ACTIVE", "2 tenant(s) in us-east")
                .doesNotContain("sakura_clinic");

        Result again = run("--data-dir", dataDir.toString(), "provision", "--org", "acme_health", "--name", "Acme Health Inc.",
                "--region", "us-east");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("acme_health is already ACTIVE in us-east").contains("nothing changed");

        Result plan = run("--data-dir", dataDir.toString(), "rollout", "plan");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("eu-central", "v3=2", "nothing pending");
        Result apply = run("--data-dir", dataDir.toString(), "rollout", "apply");
        assertThat(apply.exit()).isZero();
        assertThat(apply.out()).contains("nothing to migrate");
        Result noRun = run("--data-dir", dataDir.toString(), "rollout", "status");
        assertThat(noRun.exit()).isEqualTo(2);
        assertThat(noRun.err()).contains("no rollout has run yet");
        Result drift = run("--data-dir", dataDir.toString(), "drift");
        assertThat(drift.exit()).as(drift.out()).isZero();
        assertThat(drift.out()).contains("0 of 6 tenant schema(s) drifted");
        Result unknown = run("--data-dir", dataDir.toString(), "rollout", "apply", "--to", "99");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown version 99 for --to");
    }

    @Test
    void refusesBadRolloutFlagsWithExitTwoBeforeAnythingStarts() {
        int before = opened.get();
        for (String[] flags : new String[][] {{"--wave-size", "ten"}, {"--max-failures", "150%"},
                {"--parallel-per-region", "0"}, {"--batch-size", "1000"}, {"--canary", "-1"}}) {
            Result result = run("--data-dir", dataDir.toString(), "rollout", "apply", flags[0], flags[1]);
            assertThat(result.exit()).as(String.join(" ", flags)).isEqualTo(2);
            assertThat(result.err().lines()).as(String.join(" ", flags)).hasSize(1).allMatch(l -> l.startsWith("error: invalid "));
        }
        assertThat(opened.get()).isEqualTo(before);
    }
}
