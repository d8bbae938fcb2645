package io.tenantfleet.residency;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of a {@code COPY ... TO STDOUT (FORMAT binary)}, each handed over as its fields' bytes
 * in PostgreSQL's binary format (null for SQL NULL). The copy is always read to its end, so the
 * connection is ready for the next statement when this returns, also when a row handler or the
 * answer's format fails midway (the rest is read and dropped, then the failure thrown).
 */
final class BinaryCopy {

    /** What one row is handed to. */
    interface RowHandler {
        void row(byte[][] fields);
    }

    private static final byte[] SIGNATURE = "PGCOPY\n\u00ff\r\n\u0000".getBytes(StandardCharsets.ISO_8859_1);

    private final CopyOut copy;
    private final String sql;
    private byte[] message = new byte[0];
    private int at;

    private BinaryCopy(CopyOut copy, String sql) {
        this.copy = copy;
        this.sql = sql;
    }

    static void rows(Connection connection, String sql, RowHandler handler) throws SQLException {
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        try {
            new BinaryCopy(copy, sql).read(handler);
        } catch (RuntimeException | SQLException e) {
            drain(copy);
            throw e instanceof SQLException failed ? failed
                    : new SQLException("the server's answer to '" + sql + "' could not be read: " + e, e);
        }
    }

    /**
     * Reads what is left of a copy that failed on this side (a row handler or a malformed answer):
     * pgjdbc's cancelCopy() would leave the rest of the answer in the socket, and every later
     * statement on the connection would read the answer of the one before.
     */
    private static void drain(CopyOut copy) throws SQLException {
        while (copy.isActive() && copy.readFromCopy() != null) {
            // discarded
        }
    }

    private void read(RowHandler handler) throws SQLException {
        if (!Arrays.equals(bytes(SIGNATURE.length), SIGNATURE)) {
            throw new SQLException("the server's answer to '" + sql + "' is not a binary COPY");
        }
        integer(4);
        bytes((int) integer(4));
        for (int count = (short) integer(2); count != -1; count = (short) integer(2)) {
            byte[][] fields = new byte[count][];
            for (int i = 0; i < count; i++) {
                int length = (int) integer(4);
                fields[i] = length < 0 ? null : bytes(length);
            }
            handler.row(fields);
        }
        while (copy.readFromCopy() != null) {
            // to the end of the copy: nothing follows the trailer
        }
    }

    /** The next {@code size} bytes (big-endian) as a number. */
    private long integer(int size) throws SQLException {
        long value = 0;
        for (int i = 0; i < size; i++) {
            if (at == message.length) {
                next();
            }
            value = (value << 8) | (message[at++] & 0xff);
        }
        return size == 4 ? (int) value : value;
    }

    private void next() throws SQLException {
        message = copy.readFromCopy();
        at = 0;
        if (message == null) {
            throw new SQLException("the server's answer to '" + sql + "' ended in the middle of a row");
        }
    }

    /** The next {@code length} bytes, across the copy's messages. */
    private byte[] bytes(int length) throws SQLException {
        byte[] out = new byte[length];
        for (int filled = 0; filled < length;) {
            if (at == message.length) {
                next();
            }
            int n = Math.min(length - filled, message.length - at);
            System.arraycopy(message, at, out, filled, n);
            at += n;
            filled += n;
        }
        return out;
    }
}
