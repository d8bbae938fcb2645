package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A count given either absolutely ({@code 50}) or as a share ({@code 10%}) of some total. */
public record Amount(int value, boolean percent) {

    private static final Pattern FORM = Pattern.compile("^(\\d{1,9})(%?)$");

    public static Amount parse(String option, String text) {
        Matcher matcher = text == null ? null : FORM.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid " + option + " '" + text
                    + "'; give a count such as 50 or a share such as 10%");
        }
        int value = Integer.parseInt(matcher.group(1));
        boolean percent = !matcher.group(2).isEmpty();
        if (percent && value > 100) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid " + option + " '" + text
                    + "'; a share cannot exceed 100%");
        }
        return new Amount(value, percent);
    }

    /** The count out of {@code total}, rounding a share up (at least {@code floor}). */
    int ceilOf(int total, int floor) {
        int count = percent ? (int) Math.ceil(total * value / 100.0) : value;
        return Math.max(floor, count);
    }

    /** The count out of {@code total}, rounding a share down. */
    int floorOf(int total) {
        return percent ? (int) Math.floor(total * value / 100.0) : value;
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
