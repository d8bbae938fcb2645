package io.tenantfleet.provisioning;

import java.util.List;
import org.springframework.batch.core.job.JobExecution;

/** Turns a failed run's exceptions into the one-line reason recorded on the tenant. */
final class ProvisioningFailures {

    private static final int MAX_REASON = 500;

    private ProvisioningFailures() {
    }

    static String reason(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return "provisioning stopped with status " + execution.getStatus();
        }
        Throwable failure = failures.get(0);
        String message = failure.getMessage();
        Throwable cause = failure.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            message = cause.getMessage();
        }
        String oneLine = String.valueOf(message).replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_REASON ? oneLine.substring(0, MAX_REASON - 3) + "..." : oneLine;
    }
}
