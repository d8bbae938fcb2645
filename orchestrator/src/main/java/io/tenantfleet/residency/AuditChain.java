package io.tenantfleet.residency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One tenant's audit chain as {@link TenantChecksByCopy} copies it (its audit_log columns in the
 * order that class copies them, PostgreSQL's binary format), verified as
 * {@code fleet.residency_tenant_checks()} verifies it: the organization's rows only; each row's hash
 * recomputed with the template's {@code audit_hash()} formula (SHA-256 over
 * {@code concat_ws('|', ...)} of the hex previous hash, the id, the organization, the UTC time as
 * {@code YYYY-MM-DD"T"HH24:MI:SS.US} and the row's text and JSON as the server writes them); each
 * link to the row before; the oldest row against the pruning anchor; the chain head against the
 * newest row; the first five problems by audit id, a row's problems in the template's order.
 * Where it cannot be sure to answer as the function does ({@link #vouched()} false) the caller asks
 * the function instead.
 */
final class AuditChain {

    private static final long POSTGRES_EPOCH = 946_684_800L;
    private static final long FIRST_SECOND = -62_135_596_800L;
    private static final long LAST_SECOND = 253_402_300_799L;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int FIRST_PROBLEMS = 5;
    private static final int DIGEST_BYTES = 32;

    private record Problem(long id, long order, String what) {}

    private final byte[] org;
    private final byte[] orgText;
    private final int maxRows;
    private final MessageDigest sha256;
    private final byte[] hex = new byte[2 * DIGEST_BYTES];
    private long[] ids = new long[64];
    private byte[][] previous = new byte[64][];
    private byte[][] hashes = new byte[64][];
    private boolean[] modified = new boolean[64];
    private int count;
    private boolean vouched = true;

    AuditChain(UUID org, int maxRows) {
        this.org = ByteBuffer.allocate(16).putLong(org.getMostSignificantBits()).putLong(org.getLeastSignificantBits())
                .array();
        this.orgText = org.toString().getBytes(StandardCharsets.US_ASCII);
        this.maxRows = maxRows;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** Whether the answer of {@link #problems} is the function's. */
    boolean vouched() {
        return vouched;
    }

    /** The organization's audit rows. */
    long rows() {
        return count;
    }

    /** One copied audit row. */
    void row(byte[][] field) {
        if (!vouched || field[1] == null || !Arrays.equals(field[1], org)) {
            return;
        }
        byte[] time = field[2] == null ? null : utcText(ByteBuffer.wrap(field[2]).getLong());
        if (count == maxRows || field[0] == null || time == null || !jsonb(field[7]) || !jsonb(field[8])
                || !digestSized(field[9]) || !digestSized(field[10])) {
            vouched = false;
            return;
        }
        long id = ByteBuffer.wrap(field[0]).getLong();
        sha256.reset();
        if (field[9] != null) {
            for (int i = 0; i < DIGEST_BYTES; i++) {
                hex[2 * i] = HEX_DIGITS[(field[9][i] >> 4) & 0xf];
                hex[2 * i + 1] = HEX_DIGITS[field[9][i] & 0xf];
            }
            sha256.update(hex);
        }
        text(Long.toString(id).getBytes(StandardCharsets.US_ASCII), 0);
        text(orgText, 0);
        text(time, 0);
        for (int i = 3; i <= 5; i++) {
            if (field[i] != null) {
                text(field[i], 0);
            }
        }
        text(field[6], 0);
        text(field[7], 1);
        text(field[8], 1);
        byte[] digest = sha256.digest();
        if (count == ids.length) {
            grow();
        }
        ids[count] = id;
        previous[count] = field[9];
        hashes[count] = field[10];
        modified[count] = field[10] == null || !Arrays.equals(field[10], digest);
        count++;
    }

    /**
     * The first problems, as the function writes them, with the copied chain head and anchor rows
     * (none when the table is missing); empty for none.
     */
    Optional<String> problems(List<byte[][]> heads, List<byte[][]> anchors) {
        int[] order = IntStream.range(0, count).toArray();
        if (IntStream.range(1, count).anyMatch(i -> ids[i] < ids[i - 1])) {
            order = IntStream.range(0, count).boxed().sorted(Comparator.comparingLong(i -> ids[i]))
                    .mapToInt(Integer::intValue).toArray();
        }
        Long anchorId = anchors.isEmpty() || anchors.get(0)[0] == null ? null : ByteBuffer.wrap(anchors.get(0)[0]).getLong();
        byte[] anchorHash = anchors.isEmpty() ? null : anchors.get(0)[1];
        if (heads.size() > 1 || anchors.size() > 1 || (anchorId != null && anchorId == Long.MAX_VALUE)
                || hasDuplicate(order)) {
            vouched = false;
        }
        if (!vouched) {
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int i = order[k];
            if (modified[i]) {
                problems.add(new Problem(ids[i], problems.size() + 1, ids[i] + ": row was modified"));
            }
            if (k > 0 && !Arrays.equals(previous[i], hashes[order[k - 1]])) {
                problems.add(new Problem(ids[i], problems.size() + 1, ids[i] + ": row before it was removed or modified"));
            }
            if (k == 0 && (!Arrays.equals(previous[i], anchorHash) || ids[i] != (anchorId == null ? 0 : anchorId) + 1)) {
                problems.add(new Problem(ids[i], problems.size() + 1, ids[i] + ": oldest rows were removed outside pruning"));
            }
        }
        head(heads, order, problems);
        if (!vouched) {
            return Optional.empty();
        }
        String first = problems.stream().sorted(Comparator.comparingLong(Problem::id).thenComparingLong(Problem::order))
                .limit(FIRST_PROBLEMS).map(Problem::what).collect(Collectors.joining("; "));
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }

    private boolean hasDuplicate(int[] order) {
        for (int k = 1; k < count; k++) {
            if (ids[order[k]] == ids[order[k - 1]]) {
                return true;
            }
        }
        return false;
    }

    /** The chain head against the newest row: a removed head, or latest rows removed. */
    private void head(List<byte[][]> heads, int[] order, List<Problem> problems) {
        if (heads.isEmpty()) {
            problems.add(new Problem(0, 0, "0: the chain head was removed"));
            return;
        }
        byte[][] head = heads.get(0);
        if (head[0] == null || head[1] == null) {
            vouched = false;
            return;
        }
        long lastId = ByteBuffer.wrap(head[1]).getLong();
        long newestId = count == 0 ? 0 : ids[order[count - 1]];
        byte[] newestHash = count == 0 ? null : hashes[order[count - 1]];
        if (head[0][0] != 0 && (lastId != newestId || !Arrays.equals(head[2], newestHash))) {
            problems.add(new Problem(lastId, Long.MAX_VALUE, lastId + ": latest rows were removed"));
        }
    }

    /** A field after its separator, from {@code offset} (1 skips jsonb's format version); NULL as empty text. */
    private void text(byte[] field, int offset) {
        sha256.update((byte) '|');
        if (field != null) {
            sha256.update(field, offset, field.length - offset);
        }
    }

    /**
     * Whether a hash is NULL or as long as a SHA-256 digest: the only hashes the template writes. A
     * longer one is left to the function, so the hashes held for sorting stay 32 bytes a row.
     */
    private static boolean digestSized(byte[] field) {
        return field == null || field.length == DIGEST_BYTES;
    }

    /** Whether a jsonb field is NULL or in the one binary format version this reader knows (its text follows). */
    private static boolean jsonb(byte[] field) {
        return field == null || (field.length > 0 && field[0] == 1);
    }

    /**
     * A timestamptz (microseconds from 2000-01-01 UTC) as {@code to_char(t AT TIME ZONE 'UTC',
     * 'YYYY-MM-DD"T"HH24:MI:SS.US')} writes it; null outside the years 1 to 9999 (infinity included),
     * which this reader leaves to the function.
     */
    static byte[] utcText(long micros) {
        long second = Math.floorDiv(micros, 1_000_000L) + POSTGRES_EPOCH;
        if (second < FIRST_SECOND || second > LAST_SECOND) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(26);
        digits(text, t.getYear(), 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2).append('.');
        digits(text, (int) Math.floorMod(micros, 1_000_000L), 6);
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        return text.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }

    private void grow() {
        int size = ids.length * 2;
        ids = Arrays.copyOf(ids, size);
        previous = Arrays.copyOf(previous, size);
        hashes = Arrays.copyOf(hashes, size);
        modified = Arrays.copyOf(modified, size);
    }
}
