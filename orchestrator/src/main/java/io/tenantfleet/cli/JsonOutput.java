package io.tenantfleet.cli;

import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/** {@code --output json}: one JSON document on a line of stdout, from maps, lists and plain values. */
final class JsonOutput {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object document) {
        out.println(MAPPER.writeValueAsString(document));
        out.flush();
    }
}
