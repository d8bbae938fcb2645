package io.tenantfleet.provisioning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A YAML tenants file: {@code tenants:} a list of mappings with {@code slug}, {@code name},
 * {@code region} and optionally {@code frameworks} (a list or one {@code ;}-separated string). It
 * is composed into nodes only (never into objects; SnakeYAML's safe options, bounded aliases and
 * nesting, no duplicate keys), so each row keeps its line.
 */
final class YamlTenants {

    private YamlTenants() {
    }

    static List<BulkRow> rows(Path file, String text) {
        Node root = compose(file, text);
        if (!(root instanceof MappingNode mapping) || mapping.getValue().size() != 1
                || !"tenants".equals(scalar(mapping.getValue().get(0).getKeyNode()))
                || !(mapping.getValue().get(0).getValueNode() instanceof SequenceNode list)) {
            throw TenantFile.bad(file, "expected one key, 'tenants:', holding a list of {slug, name, region, frameworks}");
        }
        List<BulkRow> rows = new ArrayList<>();
        for (Node item : list.getValue()) {
            rows.add(row(item));
        }
        return rows;
    }

    private static BulkRow row(Node item) {
        int line = item.getStartMark().getLine() + 1;
        if (!(item instanceof MappingNode mapping)) {
            return BulkRow.malformed(line, "not a mapping; write slug:, name:, region: under '-'");
        }
        Map<String, Node> fields = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (key == null || !TenantFile.COLUMNS.contains(key)) {
                return BulkRow.malformed(tuple.getKeyNode().getStartMark().getLine() + 1, "unknown key '" + key
                        + "'; use slug, name, region, frameworks");
            }
            fields.put(key, tuple.getValueNode());
        }
        for (String key : List.of("slug", "name", "region")) {
            if (fields.containsKey(key) && !(fields.get(key) instanceof ScalarNode)) {
                return BulkRow.malformed(fields.get(key).getStartMark().getLine() + 1, "field " + key + ": not a plain value");
            }
        }
        Node frameworks = fields.get("frameworks");
        List<String> named = new ArrayList<>();
        if (frameworks instanceof SequenceNode sequence) {
            for (Node framework : sequence.getValue()) {
                String value = scalar(framework);
                if (value == null) {
                    return BulkRow.malformed(framework.getStartMark().getLine() + 1, "field frameworks: not a list of names");
                }
                named.add(value.strip());
            }
        } else if (frameworks != null) {
            String value = scalar(frameworks);
            if (value == null) {
                return BulkRow.malformed(frameworks.getStartMark().getLine() + 1, "field frameworks: not a list of names");
            }
            named.addAll(TenantFile.frameworks(value));
        }
        return BulkRow.of(line, scalar(fields.get("slug")), scalar(fields.get("name")), scalar(fields.get("region")), named);
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static Node compose(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(TenantFile.MAX_BYTES);
        try {
            Node root = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options).compose(new java.io.StringReader(text));
            if (root == null) {
                throw TenantFile.bad(file, "empty; write 'tenants:' and a list of rows");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = String.valueOf(e.getProblem() == null ? e.getMessage() : e.getProblem()).replaceAll("\\s+", " ");
            throw TenantFile.bad(file, "not valid YAML at line " + (mark == null ? 0 : mark.getLine() + 1) + ": " + problem
                    + "; fix the YAML syntax there");
        } catch (YAMLException e) {
            throw TenantFile.bad(file, "refused: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ")
                    + "; use plain mappings and lists");
        }
    }
}
