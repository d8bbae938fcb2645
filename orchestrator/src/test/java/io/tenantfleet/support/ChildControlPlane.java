package io.tenantfleet.support;

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
import java.util.LinkedHashMap;
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
