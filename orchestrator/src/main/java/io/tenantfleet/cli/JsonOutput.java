package io.tenantfleet.cli;

import java.io.PrintWriter;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --output json}: one JSON document on a line of stdout, from maps (keys in the order put),
 * lists and plain values. It is the only JSON writer of the command line.
 */
final class JsonOutput {

    private static final JsonMapper MAPPER = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonOutput() {
    }

    /** Writes the document straight to {@code out}: a {@code char[]} value (a password) never becomes a String. */
    static void print(PrintWriter out, Object document) {
        MAPPER.writeValue(out, document);
        out.println();
        out.flush();
    }
}
