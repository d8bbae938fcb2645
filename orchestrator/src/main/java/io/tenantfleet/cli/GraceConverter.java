package io.tenantfleet.cli;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.credentials.GracePeriod;
import java.time.Duration;
import picocli.CommandLine;

/** Parses a grace period ({@link GracePeriod}) as an option value. */
final class GraceConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return GracePeriod.parse(value);
        } catch (OrchestratorException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
