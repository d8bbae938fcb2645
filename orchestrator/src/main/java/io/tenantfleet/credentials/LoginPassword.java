package io.tenantfleet.credentials;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A generated login password: 32 random bytes as 43 URL-safe base64 characters. Kept as a char
 * array that {@link #close()} wipes; {@link #toString()} never shows it.
 */
final class LoginPassword implements AutoCloseable {

    static final int RANDOM_BYTES = 32;

    private final char[] chars;

    private LoginPassword(char[] chars) {
        this.chars = chars;
    }

    static LoginPassword generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        char[] chars = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            chars[i] = (char) encoded[i];
        }
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(encoded, (byte) 0);
        return new LoginPassword(chars);
    }

    /** A copy of the password; the caller wipes it when done. */
    char[] copy() {
        return chars.clone();
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "[password hidden]";
    }
}
