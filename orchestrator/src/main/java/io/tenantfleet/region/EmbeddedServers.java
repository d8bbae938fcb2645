package io.tenantfleet.region;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 servers of this JVM, one per data directory. Servers keep their data
 * between invocations; a server left running by a process that was killed is stopped and started
 * again. Shared JVM-wide so that every application context (and every test class) uses the same
 * server per region.
 */
public final class EmbeddedServers {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new HashMap<>();
    private static final Map<Path, Integer> PORTS = new HashMap<>();
    private static final Map<Path, Long> STARTS = new HashMap<>();
    private static final java.util.Set<Path> HELD_DOWN = new java.util.HashSet<>();
    private static final String HBA = """
            # Written by tenant-fleet (EmbeddedServers) before every start; edits here are overwritten.
            # TYPE  DATABASE  USER      ADDRESS        METHOD
            local   all       postgres                 trust
            host    all       postgres  127.0.0.1/32   trust
            host    all       postgres  ::1/128        trust
            local   all       all                      scram-sha-256
            host    all       all       127.0.0.1/32   scram-sha-256
            host    all       all       ::1/128        scram-sha-256
            """;

    private EmbeddedServers() {
    }

    /**
     * A running server: its port, and which start of it this is in this JVM (0 for a server that
     * another process shares), so that pools can tell a restarted server.
     */
    public record Server(int port, long start) {
    }

    /**
     * The running server for {@code dataDir}: the one this JVM runs, else the one another live
     * process shares ({@code orchestrator up}), else one started (or reclaimed) now.
     */
    public static synchronized Server obtain(Path dataDir, boolean fast) {
        Path dir = dataDir.toAbsolutePath().normalize();
        EmbeddedPostgres running = RUNNING.get(dir);
        if (running != null) {
            return new Server(running.getPort(), STARTS.get(dir));
        }
        if (HELD_DOWN.contains(dir)) {
            throw new RegionUnavailableException(String.valueOf(dir.getFileName()), "its embedded server in " + dir
                    + " is stopped", null);
        }
        Optional<SharedServers.Owner> owner = SharedServers.owner(dir);
        if (owner.isPresent() && !owner.get().isThisProcess()) {
            if (owner.get().shared()) {
                return new Server(owner.get().port(), 0);
            }
            throw new OrchestratorException(ErrorCode.CONFLICT, "the embedded server in " + dir + " is run by another "
                    + "orchestrator (pid " + owner.get().pid() + "); wait for it to end, or start the servers with "
                    + "'orchestrator up' so that several processes share them");
        }
        try {
            Files.createDirectories(dir);
            stopOrphan(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "64MB")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky calls this on every start, after initdb for a new directory and before the
                    // postmaster starts for an existing one, so data directories made earlier get it too
                    .setDataDirectoryCustomizer(EmbeddedServers::writeHostBasedAuthentication);
            if (PORTS.containsKey(dir)) {
                builder.setPort(PORTS.get(dir));
            }
            if (fast) {
                builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            } else {
                // zonky starts the postmaster with -F (no fsync) and synchronous_commit=off by default: a
                // machine crash could then lose committed work or corrupt the cluster; -c after -F wins
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            EmbeddedPostgres server = builder.start();
            RUNNING.put(dir, server);
            PORTS.put(dir, server.getPort());
            STARTS.merge(dir, 1L, Long::sum);
            SharedServers.publish(dir, server.getPort(), false);
            log.debug("embedded PostgreSQL for {} on port {}", dir, server.getPort());
            return new Server(server.getPort(), STARTS.get(dir));
        } catch (IOException | RuntimeException e) {
            throw new OrchestratorException(ErrorCode.REGION_UNAVAILABLE, "cannot start embedded PostgreSQL in " + dir
                    + ": " + rootMessage(e) + "; check free disk space and that no other orchestrator uses this --data-dir", e);
        }
    }

    /**
     * Replaces the {@code initdb -A trust} pg_hba.conf: only the orchestrator's own superuser
     * {@code postgres}, from this machine, connects without a password; every other role (tenant
     * logins issued by {@code credentials issue}) must authenticate with its SCRAM password.
     */
    static void writeHostBasedAuthentication(java.io.File dataDir) {
        try {
            Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), HBA, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write pg_hba.conf in " + dataDir, e);
        }
    }

    /**
     * Stops the server for {@code dataDir} and keeps it down until {@link #release}: a region outage,
     * as tests and drills need it. Connections to it fail until then.
     */
    public static synchronized void holdDown(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        HELD_DOWN.add(dir);
        EmbeddedPostgres server = RUNNING.remove(dir);
        if (server != null) {
            close(server);
        }
    }

    /** Ends an outage begun by {@link #holdDown}; the server starts again on its old port when next used. */
    public static synchronized void release(Path dataDir) {
        HELD_DOWN.remove(dataDir.toAbsolutePath().normalize());
    }

    /** Keeps the server of {@code dataDir}, which this JVM runs, available to other processes. */
    public static synchronized void share(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        SharedServers.publish(dir, RUNNING.get(dir).getPort(), true);
    }

    /** Stops the server for {@code dataDir} if this JVM runs one; it starts again when next obtained. */
    public static synchronized void stop(Path dataDir) {
        SharedServers.withdraw(dataDir);
        EmbeddedPostgres server = RUNNING.remove(dataDir.toAbsolutePath().normalize());
        if (server != null) {
            close(server);
        }
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /** A postmaster still running on this directory after its JVM was killed: stop it first. */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst()
                .map(String::trim).filter(line -> line.matches("\\d+")).flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isPresent()) {
            log.info("stopping PostgreSQL left running on {} by an earlier run (pid {})", dir, postmaster.get().pid());
            postmaster.get().destroy();
            postmaster.get().onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).replaceAll("\\s+", " ");
    }
}
