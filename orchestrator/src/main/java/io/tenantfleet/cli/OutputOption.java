package io.tenantfleet.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, the same option on every command that reads (a picocli mixin). */
final class OutputOption {

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}); json prints one document on stdout, see README \"JSON output\".")
    OutputFormat format;

    boolean json() {
        return format == OutputFormat.json;
    }
}
