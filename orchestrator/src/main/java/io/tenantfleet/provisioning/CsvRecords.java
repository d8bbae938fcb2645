package io.tenantfleet.provisioning;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated fields, double-quoted when they hold a comma, a quote
 * ({@code ""}) or a line break; CRLF or LF line ends; blank lines skipped. Each record keeps the
 * line it starts on, for error messages. Written here rather than taken from a library because
 * the rows need their line numbers, and the format is this small.
 */
final class CsvRecords {

    /** A record's fields and the 1-based line it starts on. */
    record Record(int line, List<String> fields) {}

    /** The text cannot be read as CSV; the message names the line. */
    static final class Malformed extends Exception {

        private static final long serialVersionUID = 1L;

        Malformed(int line, String problem) {
            super("line " + line + ": " + problem);
        }
    }

    private CsvRecords() {
    }

    static List<Record> parse(String text) throws Malformed {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int start = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new Malformed(line, "a quote inside an unquoted field; quote the whole field and double the quote");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                end(records, fields, field, start, wasQuoted);
                wasQuoted = false;
                line++;
                start = line;
            } else {
                if (wasQuoted) {
                    throw new Malformed(line, "text after a closing quote; quote the whole field");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new Malformed(start, "a quoted field is not closed");
        }
        end(records, fields, field, start, wasQuoted);
        return records;
    }

    private static void end(List<Record> records, List<String> fields, StringBuilder field, int line, boolean wasQuoted) {
        if (fields.isEmpty() && field.length() == 0 && !wasQuoted) {
            return;
        }
        fields.add(field.toString());
        records.add(new Record(line, List.copyOf(fields)));
        fields.clear();
        field.setLength(0);
    }
}
