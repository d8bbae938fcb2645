package io.tenantfleet.credentials;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rotation's grace period: {@code 45m}, {@code 24h}, {@code 7d}, {@code 90s} or ISO-8601 ({@code PT36H}), 1 minute to 30 days. */
public final class GracePeriod {

    /** The grace when none is given. */
    public static final Duration DEFAULT = Duration.ofHours(24);
    static final Duration MIN = Duration.ofMinutes(1);
    static final Duration MAX = Duration.ofDays(30);
    private static final Pattern SHORT = Pattern.compile("^([0-9]{1,7})([smhd])$");

    private GracePeriod() {
    }

    /** The period, or bad input naming the value and the forms accepted. */
    public static Duration parse(String value) {
        Duration duration = read(value.strip());
        if (duration == null || duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "'" + value + "' is not a grace period from 1 minute "
                    + "to 30 days; use e.g. 30m, 24h or 7d");
        }
        return duration;
    }

    private static Duration read(String value) {
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
