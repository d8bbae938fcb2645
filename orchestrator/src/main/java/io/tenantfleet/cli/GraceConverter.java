package io.tenantfleet.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses a grace period: {@code 45m}, {@code 24h}, {@code 7d}, {@code 90s} or ISO-8601 ({@code PT36H}). */
final class GraceConverter implements CommandLine.ITypeConverter<Duration> {

    static final Duration MIN = Duration.ofMinutes(1);
    static final Duration MAX = Duration.ofDays(30);
    private static final Pattern SHORT = Pattern.compile("^([0-9]{1,7})([smhd])$");

    @Override
    public Duration convert(String value) {
        Duration duration = parse(value.strip());
        if (duration == null || duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a grace period from 1 minute to 30 days;"
                    + " use e.g. 30m, 24h or 7d");
        }
        return duration;
    }

    private static Duration parse(String value) {
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
