package io.tenantfleet.credentials;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.tenant.TenantSlug;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The name of a tenant application's login role: {@code org_<slug>_login_<n>}, n counting up from 1. */
record LoginName(TenantSlug slug, int number) {

    private static final Pattern NUMBERED = Pattern.compile("^(org_[a-z][a-z0-9_]{2,39})_login_([1-9][0-9]{0,8})$");

    LoginName {
        if (number < 1) {
            throw new IllegalArgumentException("login numbers start at 1");
        }
    }

    String value() {
        return prefix(slug) + number;
    }

    /** The part every login name of the tenant starts with. */
    static String prefix(TenantSlug slug) {
        return slug.schema() + "_login_";
    }

    /** The login {@code name} when it is one of {@code slug}'s login names, else empty. */
    static Optional<LoginName> of(TenantSlug slug, String name) {
        Matcher matcher = NUMBERED.matcher(name == null ? "" : name);
        if (!matcher.matches() || !matcher.group(1).equals(slug.schema())) {
            return Optional.empty();
        }
        return Optional.of(new LoginName(slug, Integer.parseInt(matcher.group(2))));
    }

    /** Parses the value of {@code --login}; bad input names the option, the value and the form expected. */
    static LoginName parse(TenantSlug slug, String name) {
        return of(slug, name).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT, "--login '"
                + (name != null && name.matches("^[a-z0-9_]{1,63}$") ? name : "(not a role name)") + "' is not a login of "
                + slug + "; use a name of the form " + prefix(slug) + "<n> as 'credentials issue' printed it"));
    }

    @Override
    public String toString() {
        return value();
    }
}
