package io.tenantfleet.fleet;

/**
 * A failure message as a fleet ledger records it (a tenant's or transfer's last error, a region
 * down): whitespace runs folded to one space, at most 500 characters.
 */
public final class OneLine {

    private static final int MAX = 500;

    private OneLine() {
    }

    /** The message on one line; {@code "null"} for a null message. */
    public static String of(String message) {
        String text = String.valueOf(message).replaceAll("\\s+", " ").trim();
        return text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text;
    }
}
