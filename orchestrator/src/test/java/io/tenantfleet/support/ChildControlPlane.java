package io.tenantfleet.support;

import io.tenantfleet.region.EmbeddedServers;
import io.tenantfleet.region.RegionConnections;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The control plane of a child orchestrator process the crash tests start and kill: its embedded
 * server's port is in the {@code .up} file beside its data directory while it runs.
 */
public final class ChildControlPlane {

    private final Path up;

    public ChildControlPlane(RegionConnections connections) {
        Path control = connections.embeddedDataDir(RegionConnections.CONTROL_PLANE).toAbsolutePath().normalize();
        this.up = control.resolveSibling(control.getFileName() + ".up");
    }

    /**
     * Starts {@code orchestrator ARGS} in a JVM of its own (this test's class path) on the data
     * directory and tenant template of the test, with the embedded servers the test's own process
     * ran stopped first: the data directories are the child's until it dies, as an operator's process's.
     */
    public static Process start(RegionConnections connections, List<String> regions, String templateLocations,
            String dataDir, Path output, String... args) throws IOException {
        EmbeddedServers.stop(connections.embeddedDataDir(RegionConnections.CONTROL_PLANE));
        regions.forEach(region -> EmbeddedServers.stop(connections.embeddedDataDir(region)));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-Dorchestrator.tenant-template=" + templateLocations,
                "-Dorchestrator.embedded-fast=true", "io.tenantfleet.cli.Main", "--data-dir",
                Path.of(dataDir).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Rows of {@code sql} (a key and a count per row), or none while the child is not up or its tables not made. */
    public Map<String, Integer> counts(String sql) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (!Files.exists(up)) {
            return counts;
        }
        Properties owner = new Properties();
        try (Reader in = Files.newBufferedReader(up)) {
            owner.load(in);
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + owner.getProperty("port")
                    + "/postgres", "postgres", null); Statement statement = db.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (IOException | SQLException | RuntimeException e) {
            // not up yet, or the run not recorded yet
        }
        return counts;
    }
}
