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
 * Which process runs the embedded server of a data directory {@code <dir>}: a file {@code <dir>.up}
 * beside it names the owning process (pid and start time, so that a reused pid is not mistaken for
 * it), the port, and whether the owner shares the server ({@code orchestrator up}). Another process
 * attaches to a shared server while its owner lives, refuses to touch one that is not shared, and
 * takes over a server whose owner is gone.
 */
public final class SharedServers {

    /** The owner of a server, as the file names it. */
    record Owner(long pid, int port, boolean shared) {

        boolean isThisProcess() {
            return pid == ProcessHandle.current().pid();
        }
    }

    private SharedServers() {
    }

    /** Records this process as the owner of the server of {@code dir}; shared or not. */
    static void publish(Path dir, int port, boolean shared) {
        Properties up = new Properties();
        up.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        up.setProperty("started", Long.toString(startOf(ProcessHandle.current())));
        up.setProperty("port", Integer.toString(port));
        up.setProperty("shared", Boolean.toString(shared));
        Path file = upFile(dir);
        try {
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (var out = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII)) {
                up.store(out, "embedded PostgreSQL of this data directory and the orchestrator process that runs it");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Forgets this process as the owner of the server of {@code dir}. */
    static void withdraw(Path dir) {
        owner(dir).filter(Owner::isThisProcess).ifPresent(owner -> delete(upFile(dir)));
    }

    /** The live process that runs the server of {@code dir}, if one does; a file left by a dead one is removed. */
    static Optional<Owner> owner(Path dir) {
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
        String pid = up.getProperty("pid", "");
        String started = up.getProperty("started", "");
        String port = up.getProperty("port", "");
        if (!pid.matches("\\d{1,10}") || !started.matches("-?\\d{1,19}") || !port.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        boolean alive = ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                .filter(process -> startOf(process) == Long.parseLong(started)).isPresent();
        if (!alive) {
            delete(file);
            return Optional.empty();
        }
        return Optional.of(new Owner(Long.parseLong(pid), Integer.parseInt(port),
                Boolean.parseBoolean(up.getProperty("shared"))));
    }

    /** The pid of the live process that shares the server of {@code dir} ({@code orchestrator up}), if one does. */
    public static Optional<Long> sharedBy(Path dir) {
        return owner(dir).filter(Owner::shared).map(Owner::pid);
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
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
