package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.OrchestratorProperties;
import io.tenantfleet.region.ControlPlaneConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The tenant template's versioned migrations as Flyway resolves them from
 * {@code orchestrator.tenant-template} (Flyway location syntax, comma-separated): Flyway's own
 * resolver decides which files are migrations and gives their version, description, script name,
 * checksum and order (its {@code info()}, run against a history table that does not exist, so
 * every migration is listed and nothing is written). Provisioning (Flyway's migrate), rollout and
 * drift therefore see the same template. Only the SQL text is read here, from the script Flyway named.
 */
@Component
public class TenantTemplate {

    private static final Pattern OTHER_PLACEHOLDER = Pattern.compile("\\$\\{(?!flyway:defaultSchema})[^}]*}");
    /** A history table no database has: Flyway's info() then lists every migration as pending. */
    private static final String NO_HISTORY = "tenant_template_resolution";

    private final String locations;
    private final DataSource controlPlane;
    private volatile List<TemplateMigration> migrations;
    private volatile String listing;

    public TenantTemplate(OrchestratorProperties properties,
            @Qualifier(ControlPlaneConfiguration.DATA_SOURCE) DataSource controlPlane) {
        this.locations = properties.tenantTemplate();
        this.controlPlane = controlPlane;
    }

    /**
     * Reads the template again if its files changed (names, sizes, modification times): Flyway's
     * resolution runs only then, so a plan or drift over many regions costs one listing each.
     */
    public synchronized void refresh() {
        String now = listing();
        if (migrations == null || !now.equals(listing)) {
            migrations = load();
            listing = now;
        }
    }

    public List<TemplateMigration> migrations() {
        if (migrations == null) {
            refresh();
        }
        return migrations;
    }

    /** The template's files as one comparable text: where each is, its size and when it changed. */
    private String listing() {
        StringBuilder text = new StringBuilder();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String location : locations.split("\\s*,\\s*")) {
            String pattern = location.startsWith("classpath:")
                    ? "classpath*:" + location.substring("classpath:".length()).replaceAll("^/+", "") + "/**/*.sql"
                    : "file:" + location.substring(location.indexOf(':') + 1) + "/**/*.sql";
            try {
                for (Resource resource : resolver.getResources(pattern)) {
                    text.append(resource.getURL()).append(' ').append(resource.contentLength()).append(' ')
                            .append(resource.isFile() ? resource.lastModified() : 0).append('\n');
                }
            } catch (IOException e) {
                // unreadable now: resolve again, and let Flyway say what is wrong
                text.append(location).append(" unreadable ").append(System.nanoTime()).append('\n');
            }
        }
        return text.toString();
    }

    public TemplateVersion latest() {
        List<TemplateMigration> all = migrations();
        return all.get(all.size() - 1).version();
    }

    public Optional<TemplateMigration> find(TemplateVersion version) {
        return migrations().stream().filter(m -> m.version().equals(version)).findFirst();
    }

    /** The target version, checked to exist in the template; the latest when none is given. */
    public TemplateVersion target(Optional<String> requested) {
        if (requested.isEmpty()) {
            return latest();
        }
        TemplateVersion version = TemplateVersion.parse(requested.get());
        if (find(version).isEmpty()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "unknown version " + requested.get()
                    + " for --to; the tenant template has " + String.join(", ", migrations().stream()
                            .map(m -> m.version().text()).toList()));
        }
        return version;
    }

    /** The migrations after {@code from} up to and including {@code to}, in order. */
    public List<TemplateMigration> between(TemplateVersion from, TemplateVersion to) {
        return migrations().stream().filter(m -> m.version().compareTo(from) > 0 && m.version().compareTo(to) <= 0).toList();
    }

    private List<TemplateMigration> load() {
        String[] each = locations.split("\\s*,\\s*");
        for (String location : each) {
            if (!location.startsWith("classpath:") && !location.startsWith("filesystem:")) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant template location '" + location
                        + "' must start with classpath: or filesystem:");
            }
        }
        MigrationInfo[] resolved;
        try {
            resolved = Flyway.configure().dataSource(controlPlane).locations(each).schemas("public").table(NO_HISTORY)
                    .failOnMissingLocations(true).load().info().all();
        } catch (FlywayException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant template at " + locations + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim(), e);
        }
        List<TemplateMigration> found = new ArrayList<>();
        for (MigrationInfo info : resolved) {
            if (info.getVersion() == null) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant template has repeatable migration "
                        + info.getScript() + "; only versioned migrations (V<version>__<description>.sql) are supported");
            }
            String sql = read(each, info.getScript());
            Matcher placeholder = OTHER_PLACEHOLDER.matcher(sql);
            if (placeholder.find()) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant migration " + info.getScript()
                        + " uses placeholder " + placeholder.group() + "; only ${flyway:defaultSchema} is supported");
            }
            found.add(new TemplateMigration(TemplateVersion.parse(info.getVersion().getVersion()), info.getDescription(),
                    info.getScript(), info.getChecksum() == null ? 0 : info.getChecksum(), sql));
        }
        if (found.isEmpty()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "no V<version>__<description>.sql migrations found at "
                    + locations + "; check orchestrator.tenant-template");
        }
        return List.copyOf(found);
    }

    /** The text of the script Flyway resolved, from the first location that has it. */
    private static String read(String[] locations, String script) {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        for (String location : locations) {
            String base = location.startsWith("classpath:") ? "classpath:" + location.substring("classpath:".length())
                    .replaceAll("^/+", "") : "file:" + location.substring("filesystem:".length());
            Resource resource = loader.getResource(base + "/" + script);
            if (resource.exists()) {
                try {
                    return resource.getContentAsString(StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read tenant migration " + resource, e);
                }
            }
        }
        throw new IllegalStateException("Flyway resolved " + script + " but no location " + String.join(", ", locations)
                + " has it");
    }
}
