package io.tenantfleet.region;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Session-level PostgreSQL advisory locks keyed by name, each held on a connection of its own:
 * closing the handle unlocks and closes the connection, and a process that dies releases its locks
 * with its connections.
 */
public final class AdvisoryLocks {

    /** A held lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private AdvisoryLocks() {
    }

    /**
     * Takes the lock named {@code name} on {@code connection} if no other session holds it. On
     * success the connection belongs to the returned handle; otherwise it is closed.
     */
    public static Optional<Held> tryHold(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(() -> release(connection, name));
                }
            }
        } catch (SQLException | RuntimeException e) {
            close(connection);
            throw e;
        }
        close(connection);
        return Optional.empty();
    }

    private static void release(Connection connection, String name) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            statement.setString(1, name);
            statement.execute();
        } catch (SQLException e) {
            // closing the connection below releases the lock as well
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
