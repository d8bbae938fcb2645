package io.tenantfleet.cli;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;

/** {@code --output text|json}. */
enum OutputFormat {
    TEXT, JSON;

    static OutputFormat parse(String text) {
        return switch (String.valueOf(text)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --output '" + text
                    + "'; use text or json");
        };
    }
}
