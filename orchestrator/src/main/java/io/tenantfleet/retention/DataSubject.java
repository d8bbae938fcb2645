package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.regex.Pattern;

/**
 * The person an erasure is for, by e-mail address: found through the tenant's keyed lookup hash,
 * passed to the region only as a bind parameter, and never printed (not even in its own error).
 */
public record DataSubject(String email) {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");

    public DataSubject {
        if (email == null || email.length() > 320 || !EMAIL.matcher(email).matches()
                || email.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid --subject: not an e-mail address (value "
                    + "withheld: it is personal data); give the address the organization's users table holds, e.g. "
                    + "--subject jane@example.com");
        }
    }

    @Override
    public String toString() {
        return "DataSubject[e-mail withheld]";
    }
}
