package io.tenantfleet.residency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The digest of a report: SHA-256 (hex) of its JSON document without the {@code digest} field, in
 * canonical form (object keys sorted at every level, no whitespace, UTF-8). Computed from the
 * document itself, so {@code residency verify} needs nothing but the file to compute it again.
 */
public final class ReportDigest {

    static final String FIELD = "digest";

    private ReportDigest() {
    }

    public static String of(ResidencyReport report) {
        return of(ResidencyJson.MAPPER.valueToTree(ResidencyJson.document(report)));
    }

    public static String of(JsonNode document) {
        Map<String, Object> canonical = new TreeMap<>();
        document.properties().forEach(e -> {
            if (!e.getKey().equals(FIELD)) {
                canonical.put(e.getKey(), canonical(e.getValue()));
            }
        });
        byte[] text = ResidencyJson.MAPPER.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return sorted;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return node;
    }
}
