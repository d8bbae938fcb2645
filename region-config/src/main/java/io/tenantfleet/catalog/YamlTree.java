package io.tenantfleet.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

/**
 * Reads a YAML document as a node tree with line numbers, strictly: SnakeYAML's safe constructor
 * options, bounded aliases (a "billion laughs" document fails fast), bounded size and nesting, no
 * merge keys, no duplicate keys, no unknown keys. Problems are collected, not thrown.
 */
final class YamlTree {

    static final int MAX_ALIASES = 20;
    static final int MAX_CODE_POINTS = 1_000_000;
    static final int MAX_DEPTH = 20;

    private final String file;
    private final List<CatalogProblem> problems;

    YamlTree(String file, List<CatalogProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** A keyed value inside a mapping. */
    record Entry(String key, String path, Node node, int keyLine) {}

    Optional<Node> compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        try {
            Node root = new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(
                    new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options)
                    .compose(new java.io.StringReader(text));
            if (root == null) {
                problem(0, "", "", "the file is empty", "start from region-config/local.yml or regions.yml");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String detail = oneLine(e.getProblem() == null ? e.getMessage() : e.getProblem());
            problem(line, "", "", "not valid YAML: " + detail, detail.contains("tag")
                    ? "remove the type tag; a catalog holds plain values only" : "fix the YAML syntax at that line");
        } catch (YAMLException e) {
            problem(0, "", "", "refused: " + oneLine(e.getMessage()),
                    "use plain mappings and lists without anchors/aliases");
        }
        return Optional.empty();
    }

    /**
     * The entries of a mapping, in order, reporting duplicates, merge keys and keys outside
     * {@code allowed}, and required keys that are missing.
     */
    Map<String, Entry> mapping(Node node, String path, Set<String> allowed, Set<String> required) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mappingNode)) {
            problem(node, path, describe(node), "expected a mapping of keys to values", "write it as 'key: value' lines");
            return entries;
        }
        for (NodeTuple tuple : mappingNode.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problem(keyNode, path, "", "a key must be a plain string", "use a plain key");
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if ("<<".equals(key)) {
                problem(keyNode, keyPath, key, "merge keys are not supported", "write the keys out in full");
            } else if (entries.containsKey(key)) {
                problem(keyNode, keyPath, key, "duplicate key (first at line " + line(entries.get(key).node()) + ")",
                        "keep one of them");
            } else if (!allowed.isEmpty() && !allowed.contains(key)) {
                problem(keyNode, keyPath, key, "unknown key", "use one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            } else {
                entries.put(key, new Entry(key, keyPath, tuple.getValueNode(), line(keyNode)));
            }
        }
        for (String key : required) {
            if (!entries.containsKey(key)) {
                problem(node, path.isEmpty() ? key : path + "." + key, "", "missing required key '" + key + "'",
                        "add '" + key + ":' under " + (path.isEmpty() ? "the top level" : path));
            }
        }
        return entries;
    }

    Optional<String> string(Entry entry) {
        if (entry.node() instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        problem(entry.node(), entry.path(), describe(entry.node()), "expected a single value", "write one plain value");
        return Optional.empty();
    }

    Optional<Integer> integer(Entry entry) {
        return string(entry).flatMap(text -> {
            try {
                return Optional.of(Integer.valueOf(text.trim()));
            } catch (NumberFormatException e) {
                problem(entry.node(), entry.path(), text, "expected a whole number of days", "write a number such as 1095");
                return Optional.empty();
            }
        });
    }

    Optional<Boolean> bool(Entry entry) {
        return string(entry).flatMap(text -> switch (text) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                problem(entry.node(), entry.path(), text, "expected true or false", "write true or false");
                yield Optional.empty();
            }
        });
    }

    /** A list of plain strings; a single scalar is accepted as a list of one. */
    List<String> strings(Entry entry) {
        List<String> values = new ArrayList<>();
        if (entry.node() instanceof ScalarNode scalar) {
            values.add(scalar.getValue());
        } else if (entry.node() instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar) {
                    values.add(scalar.getValue());
                } else {
                    problem(item, entry.path(), describe(item), "expected a list of names", "write [A, B]");
                }
            }
        } else {
            problem(entry.node(), entry.path(), describe(entry.node()), "expected a list of names", "write [A, B]");
        }
        return values;
    }

    void problem(Node node, String path, String value, String error, String fix) {
        problem(line(node), path, value, error, fix);
    }

    void problem(int line, String path, String value, String error, String fix) {
        problems.add(new CatalogProblem(file, line, path, value, error, fix));
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String describe(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : "";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
