package io.tenantfleet.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a {@code database:} value: the word {@code embedded}, or a JDBC connection without secrets. */
final class DatabaseReader {

    private static final Set<String> KEYS = Set.of("url", "user", "password", "tls");

    private final YamlTree tree;

    DatabaseReader(YamlTree tree) {
        this.tree = tree;
    }

    Optional<DatabaseSpec> read(YamlTree.Entry entry, Tier tier, String secretHint) {
        if (entry.node() instanceof ScalarNode scalar) {
            if ("embedded".equals(scalar.getValue())) {
                return Optional.of(new DatabaseSpec.Embedded());
            }
            tree.problem(entry.node(), entry.path(), scalar.getValue(), "expected 'embedded' or a mapping with url and user",
                    "write 'database: embedded' or give url, user and password: ${" + secretHint + "}");
            return Optional.empty();
        }
        Map<String, YamlTree.Entry> fields = tree.mapping(entry.node(), entry.path(), KEYS, Set.of("url", "user"));
        Optional<JdbcUrl> url = Optional.ofNullable(fields.get("url")).flatMap(tree::string).flatMap(u -> url(u, fields.get("url")));
        Optional<String> user = Optional.ofNullable(fields.get("user")).flatMap(tree::string);
        Optional<SecretRef> passwordRef = Optional.ofNullable(fields.get("password")).flatMap(p -> secret(p, secretHint));
        boolean passwordBroken = fields.containsKey("password") && passwordRef.isEmpty();
        TlsSettings tls = fields.containsKey("tls") ? tls(fields.get("tls"), tier).orElse(null) : defaultTls(tier);
        if (url.isEmpty() || user.isEmpty() || passwordBroken || tls == null) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseSpec.Jdbc(url.get(), user.get(), passwordRef, tls));
    }

    static TlsSettings defaultTls(Tier tier) {
        return tier == Tier.LOCAL ? new TlsSettings("prefer", Optional.empty()) : TlsSettings.VERIFY_FULL;
    }

    /** The URL's host(s), port(s), database and allowed parameters; anything else is a problem naming the field to use. */
    private Optional<JdbcUrl> url(String url, YamlTree.Entry entry) {
        try {
            return Optional.of(JdbcUrl.parse(url));
        } catch (JdbcUrl.Refused refused) {
            tree.problem(entry.node(), entry.path(), refused.value, refused.getMessage(), refused.fix);
            return Optional.empty();
        }
    }

    private Optional<SecretRef> secret(YamlTree.Entry entry, String secretHint) {
        Optional<String> text = tree.string(entry);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        java.util.regex.Matcher matcher = SecretRef.REFERENCE.matcher(text.get());
        if (matcher.matches()) {
            return Optional.of(new SecretRef(matcher.group(1)));
        }
        if (text.get().contains("${")) {
            tree.problem(entry.node(), entry.path(), text.get(), "malformed environment reference",
                    "write ${" + secretHint + "} (upper-case letters, digits and '_')");
        } else {
            tree.problem(entry.node(), entry.path(), "<redacted>", "a literal password is not allowed in the catalog",
                    "write password: ${" + secretHint + "} and export " + secretHint + " in the environment");
        }
        return Optional.empty();
    }

    private Optional<TlsSettings> tls(YamlTree.Entry entry, Tier tier) {
        Map<String, YamlTree.Entry> fields = tree.mapping(entry.node(), entry.path(), Set.of("mode", "root_cert"), Set.of("mode"));
        Optional<String> mode = Optional.ofNullable(fields.get("mode")).flatMap(tree::string);
        if (mode.isEmpty()) {
            return Optional.empty();
        }
        boolean known = TlsSettings.MODES.contains(mode.get()) || (tier == Tier.LOCAL && "prefer".equals(mode.get()));
        if (!known) {
            tree.problem(fields.get("mode").node(), fields.get("mode").path(), mode.get(), "unknown TLS mode",
                    "use one of " + String.join(", ", TlsSettings.MODES));
            return Optional.empty();
        }
        if (tier != Tier.LOCAL && "disable".equals(mode.get())) {
            tree.problem(fields.get("mode").node(), fields.get("mode").path(), mode.get(),
                    "TLS cannot be disabled on a " + tier.label() + " region", "use require, verify-ca or verify-full");
            return Optional.empty();
        }
        Optional<String> rootCert = Optional.ofNullable(fields.get("root_cert")).flatMap(tree::string);
        return Optional.of(new TlsSettings(mode.get(), rootCert));
    }

    /** The environment variable a region's password should come from, e.g. REGION_EU_CENTRAL_PASSWORD. */
    static String secretHint(String id) {
        return "REGION_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }
}
