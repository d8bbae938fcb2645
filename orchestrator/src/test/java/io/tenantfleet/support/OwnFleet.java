package io.tenantfleet.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test fleet of its own (with {@code @DirtiesContext}): a data directory for fresh servers and a
 * tenant template folder the test writes migrations into, as a developer adds them to the template.
 */
public final class OwnFleet {

    private OwnFleet() {
    }

    /**
     * Registers a data directory of its own and a tenant template of {@code locations} (empty, or
     * Flyway locations ending with a comma) plus a new folder, which it returns.
     */
    public static Path register(DynamicPropertyRegistry properties, String locations) throws IOException {
        String run = UUID.randomUUID().toString();
        Path template = Files.createDirectories(Path.of("target", "rollout-templates", run)).toAbsolutePath();
        properties.add("orchestrator.tenant-template", () -> locations + "filesystem:" + template);
        properties.add("orchestrator.data-dir", () -> "target/test-fleet/" + run);
        return template;
    }

    /** Copies {@code script} of the bundled template (sql/tenant) into the {@code template} folder. */
    public static void copyTemplateFile(Path template, String script) throws IOException {
        try (InputStream in = OwnFleet.class.getClassLoader().getResourceAsStream("sql/tenant/" + script)) {
            Files.copy(in, template.resolve(script));
        }
    }
}
