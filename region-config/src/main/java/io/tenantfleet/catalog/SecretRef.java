package io.tenantfleet.catalog;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A secret named by an environment variable ({@code ${REGION_EU_CENTRAL_PASSWORD}}); the catalog
 * never holds the value itself. It is read only when a region is used.
 */
public record SecretRef(String variable) {

    static final Pattern REFERENCE = Pattern.compile("^\\$\\{([A-Z_][A-Z0-9_]{0,127})}$");

    /** The value from the environment, or a bad-input error naming the variable and the fix. */
    public String resolve(Function<String, String> environment, String usedFor) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new OrchestratorException(ErrorCode.MISSING_SECRET, "environment variable " + variable
                    + " is not set but " + usedFor + " needs it; export " + variable + "=<secret> and run again");
        }
        return value;
    }

    public boolean isSet(Function<String, String> environment) {
        String value = environment.apply(variable);
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return "${" + variable + "}";
    }
}
