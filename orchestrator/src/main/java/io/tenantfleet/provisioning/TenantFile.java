package io.tenantfleet.provisioning;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a tenants file for bulk onboarding: CSV with a header naming {@code slug,name,region} and
 * optionally {@code frameworks} (several separated by {@code ;}), or YAML (a {@code tenants:} list
 * of mappings with the same keys, read by {@link YamlTenants}). Rows come back unchecked, each with
 * its line; a file that cannot be read as a whole is one bad-input error and nothing is done.
 */
public final class TenantFile {

    static final List<String> COLUMNS = List.of("slug", "name", "region", "frameworks");
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private TenantFile() {
    }

    /** The rows of {@code file}, in file order. */
    public static List<BulkRow> read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = text(file);
        List<BulkRow> rows;
        if (name.endsWith(".csv")) {
            rows = csv(file, text);
        } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            rows = YamlTenants.rows(file, text);
        } else {
            throw bad(file, "unknown file type; name it .csv, .yml or .yaml");
        }
        if (rows.isEmpty()) {
            throw bad(file, "no tenants in it; add at least one row");
        }
        return rows;
    }

    private static String text(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw bad(file, "larger than " + MAX_BYTES / (1024 * 1024) + " MB; split it into several files");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw bad(file, "not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw bad(file, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the path");
        }
    }

    private static List<BulkRow> csv(Path file, String text) {
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.parse(text);
        } catch (CsvRecords.Malformed e) {
            throw bad(file, "not valid CSV at " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw bad(file, "empty; the first line names the columns: slug,name,region[,frameworks]");
        }
        List<String> header = records.get(0).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                throw bad(file, "line 1: unknown column '" + column + "'; use slug,name,region[,frameworks]");
            }
        }
        for (String required : COLUMNS.subList(0, 3)) {
            if (!header.contains(required)) {
                throw bad(file, "line 1: no '" + required + "' column; the header is slug,name,region[,frameworks]");
            }
        }
        List<BulkRow> rows = new ArrayList<>();
        for (CsvRecords.Record record : records.subList(1, records.size())) {
            if (record.fields().size() != header.size()) {
                // a row with the wrong number of fields is a bad row, not a bad file
                rows.add(BulkRow.malformed(record.line(), record.fields().size() + " fields where the header has "
                        + header.size() + "; quote a value that holds a comma"));
                continue;
            }
            rows.add(BulkRow.of(record.line(), field(header, record, "slug"), field(header, record, "name"),
                    field(header, record, "region"), frameworks(field(header, record, "frameworks"))));
        }
        return rows;
    }

    private static String field(List<String> header, CsvRecords.Record record, String column) {
        int index = header.indexOf(column);
        return index < 0 ? null : record.fields().get(index);
    }

    static List<String> frameworks(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static OrchestratorException bad(Path file, String problem) {
        return new OrchestratorException(ErrorCode.INVALID_INPUT, "tenants file " + file + ": " + problem);
    }
}
