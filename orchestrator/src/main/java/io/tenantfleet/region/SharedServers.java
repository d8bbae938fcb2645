package io.tenantfleet.region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Embedded servers that one process ({@code orchestrator up}) keeps running for others: beside
 * each data directory {@code <dir>} a file {@code <dir>.up} names the owning process and the port.
 * Another process attaches to the server while its owner lives; a file left by a dead owner is
 * ignored and removed.
 */
public final class SharedServers {

    private SharedServers() {
    }

    /** A server this process owns and shares. */
    static void publish(Path dir, int port) {
        Properties up = new Properties();
        up.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        up.setProperty("port", Integer.toString(port));
        Path file = upFile(dir);
        try {
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (var out = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII)) {
                up.store(out, "embedded PostgreSQL kept running by 'orchestrator up'");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Stops sharing a server this process owns. */
    static void withdraw(Path dir) {
        owner(dir).filter(pid -> pid == ProcessHandle.current().pid()).ifPresent(pid -> delete(upFile(dir)));
    }

    /** The port of a server that another live process shares for {@code dir}. */
    static Optional<Integer> attach(Path dir) {
        Optional<Properties> up = read(dir);
        if (up.isEmpty()) {
            return Optional.empty();
        }
        long pid = Long.parseLong(up.get().getProperty("pid", "-1"));
        if (pid == ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(Integer.parseInt(up.get().getProperty("port")));
        }
        delete(upFile(dir));
        return Optional.empty();
    }

    /** The process that shares the server of {@code dir}, if one does and is alive. */
    public static Optional<Long> owner(Path dir) {
        return read(dir).map(up -> Long.parseLong(up.getProperty("pid", "-1")))
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static Optional<Properties> read(Path dir) {
        Path file = upFile(dir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties up = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            up.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!up.getProperty("pid", "").matches("\\d{1,10}") || !up.getProperty("port", "").matches("\\d{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(up);
    }

    private static Path upFile(Path dir) {
        Path normal = dir.toAbsolutePath().normalize();
        return normal.resolveSibling(normal.getFileName() + ".up");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is ignored the next time it is read
        }
    }
}
