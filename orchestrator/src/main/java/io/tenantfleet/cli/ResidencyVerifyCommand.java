package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.residency.ResidencyVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code residency verify REPORT.json}: is the report intact, recorded, and does the fleet still match it? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes a JSON report's digest, looks its entry up in the ledger of each region it checked",
                "(and verifies that ledger's chain), and checks the fleet again (recording nothing) to say whether it",
                "still matches: findings that appeared since and findings that are gone.",
                "Exit 0: intact, recorded and matching; 3: authentic, but the fleet changed; 1: edited or not recorded."})
final class ResidencyVerifyCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "REPORT.json", description = "A report written by 'residency report --format json'.")
    Path file;

    @Mixin
    OutputOption output;

    private String json;

    @Override
    void validateBeforeStart() {
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "cannot read " + file + " (" + e.getMessage()
                    + "); pass the JSON file written by 'residency report --format json --out FILE'", e);
        }
    }

    @Override
    int run(ConfigurableApplicationContext context) {
        ResidencyVerifier.Verification v = context.getBean(ResidencyVerifier.class).verify(json, file.toString());
        if (output.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("format", "tenant-fleet/residency-verification/1");
            document.put("report_id", v.reportId());
            document.put("intact", v.intact());
            document.put("stated_digest", v.statedDigest());
            document.put("computed_digest", v.computedDigest());
            document.put("ledgers", v.ledgers());
            document.put("recorded_everywhere", v.recordedEverywhere());
            document.put("matches_fleet", v.matchesFleet());
            document.put("appeared", v.appeared());
            document.put("resolved", v.resolved());
            document.put("exit_code", v.exitCode());
            JsonOutput.print(out(), document);
            return v.exitCode();
        }
        out().println("report " + v.reportId() + ": " + (v.intact() ? "digest matches its content"
                : "EDITED: its content digests to " + v.computedDigest() + ", not " + v.statedDigest()));
        v.ledgers().forEach((region, state) -> out().println("  ledger of " + region + ": " + state));
        if (v.matchesFleet()) {
            out().println("  the fleet still matches the report");
        } else {
            v.appeared().forEach(key -> out().println("  found now, not in the report: " + key));
            v.resolved().forEach(key -> out().println("  in the report, not found now: " + key));
        }
        out().println(switch (v.exitCode()) {
            case 0 -> "verified: intact, recorded in every ledger, and the fleet matches";
            case 1 -> "NOT verified: the report was edited or is missing from a ledger";
            default -> "authentic, but the fleet no longer matches it";
        });
        out().flush();
        return v.exitCode();
    }
}
