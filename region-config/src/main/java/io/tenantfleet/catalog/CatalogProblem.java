package io.tenantfleet.catalog;

/**
 * One thing wrong with a catalog, located precisely enough to fix without guessing.
 *
 * @param file  the catalog file name
 * @param line  1-based line of the offending key or value (0 when the file itself is the problem)
 * @param path  dotted key path, e.g. {@code regions.eu-central.retention_days}
 * @param value the offending value as written (empty when a key is missing)
 * @param error what is wrong
 * @param fix   what to do about it
 */
public record CatalogProblem(String file, int line, String path, String value, String error, String fix) {

    /** A single line: {@code file:line: path: error (value 'x'); fix}. */
    public String message() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        text.append(error);
        if (!value.isEmpty()) {
            text.append(" (value '").append(printable(value)).append("')");
        }
        return text.append("; ").append(fix).toString();
    }

    private static String printable(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
    }

    @Override
    public String toString() {
        return message();
    }
}
