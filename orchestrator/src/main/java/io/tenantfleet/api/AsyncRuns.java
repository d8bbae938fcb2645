package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.fleet.OneLine;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Long work of the API (a fleet run, a provisioning) on the API's job threads. The request waits
 * until the run is recorded in the control plane (its id known) or the work ended before that
 * (refused: bad input, another run of the kind holds the lock; or nothing to do): a recorded run is
 * {@code 202 Accepted} with the {@code Location} of its status resource, which reads the control
 * plane, so any instance on the same control plane can show it; a refusal is a problem; nothing to
 * do is {@code 200} with the work's result.
 */
@Component
class AsyncRuns {

    private static final Logger log = LoggerFactory.getLogger(AsyncRuns.class);
    private static final long START_WAIT_S = 300;

    private final Executor jobs;

    AsyncRuns(@Qualifier(ApiConfiguration.JOBS) Executor jobs) {
        this.jobs = jobs;
    }

    /**
     * Runs {@code work}, which tells the consumer it is given the run's id once the run is recorded.
     *
     * @param what     the kind, for the log: {@code rollout}
     * @param location the status resource of a run id: {@code /api/rollouts/{id}}
     */
    ResponseEntity<Object> start(String what, Function<Long, String> location, Function<LongConsumer, Object> work) {
        CompletableFuture<Long> started = new CompletableFuture<>();
        CompletableFuture<Object> done = CompletableFuture.supplyAsync(() -> work.apply(started::complete), jobs);
        done.whenComplete((result, failure) -> {
            if (failure != null && started.isDone()) {
                log.warn("{} run {} stopped: {}", what, started.join(), OneLine.of(cause(failure).getMessage()));
            }
        });
        try {
            CompletableFuture.anyOf(started, done).get(START_WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // done failed before the run was recorded: reported below
        } catch (TimeoutException e) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, what + " did not start within " + START_WAIT_S
                    + " s; it may still start: check its status resource later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, what + ": interrupted while starting");
        }
        if (started.isDone()) {
            long runId = started.join();
            return ResponseEntity.accepted().location(URI.create(location.apply(runId)))
                    .body(accepted(runId, location.apply(runId)));
        }
        try {
            return ResponseEntity.ok(done.join());
        } catch (CompletionException e) {
            throw cause(e) instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** Runs {@code work} on the job threads, logging a failure in one line. */
    void submit(String what, Runnable work) {
        CompletableFuture.runAsync(work, jobs).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("{}: {}", what, OneLine.of(cause(failure).getMessage()));
            }
        });
    }

    static Map<String, Object> accepted(Object id, String location) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", id);
        body.put("status", "RUNNING");
        body.put("location", location);
        return body;
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
