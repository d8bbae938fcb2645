package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API's users, from one environment variable ({@value #VARIABLE}): entries {@code name:role:hash}
 * separated by spaces, newlines or {@code ;}, where role is {@code operator} or {@code auditor} and
 * hash a Spring Security password-encoder hash with its id ({@code {bcrypt}$2a$10$...}, as
 * {@code orchestrator serve hash-password} prints). No password is ever kept in clear.
 */
public record ApiUsers(List<User> users) {

    /** The environment variable listing the users. */
    public static final String VARIABLE = "TENANT_FLEET_API_USERS";
    static final String HOW = "set " + VARIABLE + "='NAME:operator|auditor:HASH ...' with hashes from "
            + "'orchestrator serve hash-password' (reads the password on stdin)";

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_.-]{0,62}$");
    private static final Pattern HASH = Pattern.compile("^\\{(bcrypt|pbkdf2|scrypt|argon2|sha256)[^}]*}\\S{20,}$");

    /** A user of the API. */
    public record User(String name, Role role, String hash) {

        @Override
        public String toString() {
            return "User[" + name + ", " + role + ", hash hidden]";
        }
    }

    /** What a user may do: an operator everything, an auditor read reports, ledgers, run status and the fleet view. */
    public enum Role {
        OPERATOR, AUDITOR
    }

    public ApiUsers {
        users = List.copyOf(users);
    }

    /** The users the variable's value lists; a bad or empty value is bad input naming the entry and the fix. */
    public static ApiUsers parse(String value) {
        if (value == null || value.isBlank()) {
            throw new OrchestratorException(ErrorCode.MISSING_SECRET, "no API users: environment variable " + VARIABLE
                    + " is not set; " + HOW);
        }
        List<User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int position = 0;
        for (String entry : value.strip().split("[;\\s]+")) {
            position++;
            String[] parts = entry.split(":", 3);
            String where = VARIABLE + " entry " + position;
            if (parts.length != 3 || !NAME.matcher(parts[0]).matches()) {
                throw invalid(where + " is not NAME:ROLE:HASH with a name matching " + NAME.pattern());
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(where + " (" + parts[0] + ") has role '" + parts[1] + "'; use operator or auditor");
            }
            if (!HASH.matcher(parts[2]).matches()) {
                throw invalid(where + " (" + parts[0] + ") has no password-encoder hash such as {bcrypt}$2a$10$...");
            }
            if (!names.add(parts[0])) {
                throw invalid(where + " repeats user " + parts[0] + "; list each user once");
            }
            users.add(new User(parts[0], role, parts[2]));
        }
        return new ApiUsers(users);
    }

    private static OrchestratorException invalid(String what) {
        return new OrchestratorException(ErrorCode.MISSING_SECRET, what + "; " + HOW);
    }
}
