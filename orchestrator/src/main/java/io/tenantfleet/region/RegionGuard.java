package io.tenantfleet.region;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs a unit of work against a region with Resilience4j: retries with exponential backoff for
 * transient failures (connection lost or refused, server restarting, serialization failure,
 * deadlock, lock timeout), and a circuit breaker per region that stops hammering a region that is
 * down. Work must be one transaction (or otherwise safe to repeat).
 */
@Component
public class RegionGuard {

    /** Work on one pooled region connection. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "55P03");

    private final RegionBaseline baseline;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;

    public RegionGuard(RegionBaseline baseline, ResilienceProperties settings) {
        this.baseline = baseline;
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(settings.backoffMs()), 2.0))
                .retryOnException(RegionGuard::isTransient)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(settings.breakerMinimumCalls(), settings.breakerWindow()))
                .failureRateThreshold(settings.breakerFailurePercent())
                .waitDurationInOpenState(Duration.ofSeconds(settings.breakerOpenSeconds()))
                .recordException(RegionGuard::isRegionFailure)
                .build());
    }

    /**
     * Forgets every region's failure history (closes the circuit breakers): a new run is the
     * operator's word that regions may be tried again.
     */
    public void resetAll() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    /** The state of the region's circuit breaker (made, closed, on first ask). */
    public CircuitBreaker.State breakerState(String region) {
        return breakers.circuitBreaker(region).getState();
    }

    /** Every region's circuit breaker, for meters that follow them. */
    public CircuitBreakerRegistry breakers() {
        return breakers;
    }

    /** Runs {@code work} on a connection of {@code region} (its baseline applied). */
    public <T> T call(String region, Work<T> work) {
        return call(region, work, false);
    }

    /**
     * Runs {@code work} in a read-only transaction on a connection of {@code region}, its baseline
     * only inspected: for commands that change nothing, which must work with a login that may only
     * read. The transaction is rolled back, so the work cannot change the region even by mistake.
     */
    public <T> T read(String region, Work<T> work) {
        baseline.inspect(region);
        return call(region, work, true);
    }

    private <T> T call(String region, Work<T> work, boolean readOnly) {
        CircuitBreaker breaker = breakers.circuitBreaker(region);
        Retry retry = retries.retry(region);
        Supplier<T> attempt = () -> readOnly ? attemptRead(region, work) : attempt(region, work);
        try {
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, attempt)).get();
        } catch (CallNotPermittedException e) {
            throw new RegionUnavailableException(region, "too many recent failures, so calls are paused for "
                    + breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000 + " s", e);
        }
    }

    private <T> T attemptRead(String region, Work<T> work) {
        return attempt(region, connection -> {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        }, baseline.connections(region));
    }

    /** Runs {@code work} as one transaction on a connection of {@code region}, retried as {@link #call} does. */
    public <T> T inTransaction(String region, Work<T> work) {
        return call(region, connection -> inTransaction(connection, work));
    }

    /** Runs {@code work} on {@code connection} as one transaction: committed when it returns, rolled back when it throws. */
    public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Makes the connection's current transaction read-only (its first statement must be this): work
     * that reads a region through {@link #inTransaction} and must not change it, even by mistake.
     */
    public static void readOnly(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
        }
    }

    private <T> T attempt(String region, Work<T> work) {
        return attempt(region, work, baseline.ready(region));
    }

    private static <T> T attempt(String region, Work<T> work, javax.sql.DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            if (isConnectionState(e.getSQLState())) {
                throw new RegionUnavailableException(region, RegionUnavailableException.rootMessage(e), e);
            }
            throw new RegionWorkException(region, e);
        }
    }

    static boolean isTransient(Throwable e) {
        if (e instanceof RegionUnavailableException unavailable) {
            return !unavailable.isPermanent();
        }
        return e instanceof RegionWorkException work && work.sqlState() != null && TRANSIENT_STATES.contains(work.sqlState());
    }

    private static boolean isRegionFailure(Throwable e) {
        return e instanceof RegionUnavailableException;
    }

    /** Connection lost or refused, server shutting down, or a driver error with no state at all. */
    private static boolean isConnectionState(String state) {
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private static String oneLine(SQLException e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
    }

    /** The region answered but refused the work (constraint, syntax, permission ...). */
    public static final class RegionWorkException extends OrchestratorException {

        private static final long serialVersionUID = 1L;

        private final String sqlState;

        RegionWorkException(String region, SQLException cause) {
            super(ErrorCode.OPERATION_FAILED, "region " + region + " refused the work: " + oneLine(cause), cause);
            this.sqlState = cause.getSQLState();
        }

        public String sqlState() {
            return sqlState;
        }
    }
}
