package io.tenantfleet.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies everything written to {@code System.err} (where the orchestrator logs) while open, and
 * still passes it through to the original stream.
 */
public final class CapturedStderr implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    public CapturedStderr() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    /** Lines that belong to a Java stack trace (frames, "Caused by", "... n more"). */
    public List<String> stackTraceLines() {
        return lines().stream().filter(line -> line.matches("^\\s+at .*|^Caused by: .*|^\\s+\\.\\.\\. \\d+ more.*")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
