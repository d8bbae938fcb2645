package io.tenantfleet.cli;

import java.util.List;
import java.util.stream.Collectors;

/** The JSON of {@code --output json}: the value of the option, and quoting of strings and lists. */
final class Json {

    /** The value of {@code --output}. */
    enum Format { text, json }

    private Json() {
    }

    static String strings(List<String> values) {
        return values.stream().map(Json::quote).collect(Collectors.joining(",", "[", "]"));
    }

    /** A JSON string, or {@code null} for a null value. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
