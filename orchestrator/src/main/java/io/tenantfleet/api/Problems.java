package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.CatalogException;
import io.tenantfleet.catalog.CatalogProblem;
import io.tenantfleet.fleet.OneLine;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure as an RFC 9457 problem ({@code application/problem+json}) carrying the CLI's error
 * code ({@code error_code}) and its one-line message ({@code detail}); never a stack trace.
 * Bad input is 400, an unknown resource 404, a conflict 409, a region down 503.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    /** The problem property carrying {@link ErrorCode}. */
    static final String ERROR_CODE = "error_code";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    @ExceptionHandler(OrchestratorException.class)
    ResponseEntity<ProblemDetail> orchestrator(OrchestratorException e) {
        HttpStatus status = e instanceof ApiException api ? api.status() : status(e.errorCode());
        String detail = e instanceof CatalogException catalog
                ? catalog.problems().stream().map(CatalogProblem::message).collect(Collectors.joining("; "))
                : OneLine.of(e.getMessage());
        if (status.is5xxServerError()) {
            log.warn("{}", detail);
        }
        return ResponseEntity.status(status).body(problem(status, e.errorCode(), detail));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        // one line in the log (the stack trace only at debug, as --verbose gives it); the caller gets no
        // server message at all: a driver's message can quote the values of a row
        log.warn("request failed: {}: {}", e.getClass().getSimpleName(), OneLine.of(String.valueOf(e.getMessage())));
        log.debug("request failed", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                ErrorCode.OPERATION_FAILED, "the request failed on the server (" + e.getClass().getSimpleName()
                        + "); the server's log has the reason"));
    }

    /** Spring MVC's own problems (unreadable body, missing header, unknown path) get an error code too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setProperty(ERROR_CODE, statusCode.is4xxClientError() ? ErrorCode.INVALID_INPUT.name()
                    : ErrorCode.OPERATION_FAILED.name());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty(ERROR_CODE, code.name());
        return problem;
    }

    static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case REGION_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            // the server's own configuration (catalog, a secret it lacks), not the caller's request
            case INVALID_CATALOG, MISSING_SECRET, PROVISIONING_FAILED, OPERATION_FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
