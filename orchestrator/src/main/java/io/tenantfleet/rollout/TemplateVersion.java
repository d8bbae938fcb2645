package io.tenantfleet.rollout;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A Flyway migration version such as {@code 2} or {@code 2.1}, ordered part by part as Flyway does. */
public record TemplateVersion(String text, List<BigInteger> parts) implements Comparable<TemplateVersion> {

    private static final Pattern VALID = Pattern.compile("^\\d+([._]\\d+)*$");

    public TemplateVersion {
        parts = List.copyOf(parts);
    }

    public static TemplateVersion parse(String text) {
        if (text == null || !VALID.matcher(text).matches()) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid version '" + text
                    + "'; write digits separated by dots, e.g. 2 or 2.1");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return new TemplateVersion(text.replace('_', '.'), parts);
    }

    @Override
    public int compareTo(TemplateVersion other) {
        for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int order = a.compareTo(b);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TemplateVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
