package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.OrchestratorProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The tenant template's versioned migrations, read once per process from
 * {@code orchestrator.tenant-template} (Flyway location syntax, comma-separated) and resolved the
 * way Flyway resolves them: {@code V<version>__<description>.sql}, CRC32 checksum over lines.
 */
@Component
public class TenantTemplate {

    private static final Pattern NAME = Pattern.compile("^V(\\d+(?:[._]\\d+)*)__(.+)\\.sql$");
    private static final Pattern OTHER_PLACEHOLDER = Pattern.compile("\\$\\{(?!flyway:defaultSchema})[^}]*}");

    private final String locations;
    private volatile List<TemplateMigration> migrations;

    public TenantTemplate(OrchestratorProperties properties) {
        this.locations = properties.tenantTemplate();
        this.migrations = load(locations);
    }

    /** Reads the template's files again (a plan does this once; runs reuse what it read). */
    public void refresh() {
        this.migrations = load(locations);
    }

    public List<TemplateMigration> migrations() {
        return migrations;
    }

    public TemplateVersion latest() {
        return migrations.get(migrations.size() - 1).version();
    }

    public Optional<TemplateMigration> find(TemplateVersion version) {
        return migrations.stream().filter(m -> m.version().equals(version)).findFirst();
    }

    /** The target version, checked to exist in the template; the latest when none is given. */
    public TemplateVersion target(Optional<String> requested) {
        if (requested.isEmpty()) {
            return latest();
        }
        TemplateVersion version = TemplateVersion.parse(requested.get());
        if (find(version).isEmpty()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "unknown version " + requested.get()
                    + " for --to; the tenant template has " + String.join(", ", migrations.stream()
                            .map(m -> m.version().text()).toList()));
        }
        return version;
    }

    /** The migrations after {@code from} up to and including {@code to}, in order. */
    public List<TemplateMigration> between(TemplateVersion from, TemplateVersion to) {
        return migrations.stream().filter(m -> m.version().compareTo(from) > 0 && m.version().compareTo(to) <= 0).toList();
    }

    private static List<TemplateMigration> load(String locations) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<TemplateMigration> found = new ArrayList<>();
        for (String location : locations.split(",")) {
            String pattern = toPattern(location.trim());
            try {
                for (Resource resource : resolver.getResources(pattern)) {
                    String name = resource.getFilename();
                    Matcher matcher = name == null ? null : NAME.matcher(name);
                    if (matcher != null && matcher.matches()) {
                        String sql = resource.getContentAsString(StandardCharsets.UTF_8);
                        found.add(migration(name, matcher, sql));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tenant template at " + location, e);
            }
        }
        found.sort(Comparator.comparing(TemplateMigration::version));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i).version().equals(found.get(i - 1).version())) {
                throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant template has two migrations with version "
                        + found.get(i).version() + ": " + found.get(i - 1).script() + " and " + found.get(i).script());
            }
        }
        if (found.isEmpty()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "no V<version>__<description>.sql migrations found at "
                    + locations + "; check orchestrator.tenant-template");
        }
        return List.copyOf(found);
    }

    private static TemplateMigration migration(String name, Matcher matcher, String sql) {
        Matcher placeholder = OTHER_PLACEHOLDER.matcher(sql);
        if (placeholder.find()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant migration " + name + " uses placeholder "
                    + placeholder.group() + "; only ${flyway:defaultSchema} is supported");
        }
        String description = matcher.group(2).replace('_', ' ');
        return new TemplateMigration(TemplateVersion.parse(matcher.group(1)), description, name, checksum(sql), sql);
    }

    private static String toPattern(String location) {
        if (location.startsWith("classpath:")) {
            return "classpath*:" + location.substring("classpath:".length()).replaceAll("^/+", "") + "/*.sql";
        }
        if (location.startsWith("filesystem:")) {
            return "file:" + location.substring("filesystem:".length()) + "/*.sql";
        }
        throw new OrchestratorException(ErrorCode.INVALID_INPUT, "tenant template location '" + location
                + "' must start with classpath: or filesystem:");
    }

    /** Flyway's checksum: CRC32 over the UTF-8 bytes of each line without its line break, BOM removed. */
    static int checksum(String sql) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(sql))) {
            String line = reader.readLine();
            if (line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }
}
