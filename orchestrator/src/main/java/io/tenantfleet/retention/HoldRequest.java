package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.tenant.TenantSlug;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A legal hold to place, checked before any SQL runs: the whole tenant (no table), a table (no
 * record) or one row; a reason of 1 to 500 characters on one line; and an optional last day, in
 * the future, through which the hold lasts (UTC). Whether the table is one of the tenant's mapped
 * tables is checked against its retention map by {@link LegalHolds}.
 */
public record HoldRequest(TenantSlug slug, Optional<String> table, Optional<String> recordId, String reason,
        Optional<LocalDate> until) {

    static final int MAX_REASON = 500;
    private static final Pattern TABLE = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    private static final Pattern RECORD = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$");

    public HoldRequest {
        table.ifPresent(t -> {
            if (!TABLE.matcher(t).matches()) {
                throw invalid("--table", "not a table name", "use a table of the tenant, e.g. users");
            }
        });
        if (recordId.isPresent() && table.isEmpty()) {
            throw invalid("--id", "given without --table", "hold one row with --table T --id ID");
        }
        recordId.ifPresent(id -> {
            if (!RECORD.matcher(id).matches()) {
                throw invalid("--id", "not a row key", "use the row's key as stored, 1-100 characters of letters, digits, "
                        + "'_', '.', ':' or '-' (e.g. a user_id)");
            }
        });
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON || reason.chars().anyMatch(c -> c < 0x20)) {
            throw invalid("--reason", "must be 1 to " + MAX_REASON + " characters on one line (given "
                    + (reason == null ? 0 : reason.length()) + ")", "state why the data must be kept, e.g. "
                    + "--reason 'litigation 2025-114'");
        }
        until.ifPresent(day -> {
            if (!day.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                throw invalid("--until", "'" + day + "' is not in the future", "give the hold's last day, after today (UTC)");
            }
        });
    }

    /** Parses {@code --until} as an ISO date ({@code 2027-01-31}). */
    public static LocalDate parseUntil(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("--until", "'" + value + "' is not an ISO date", "use YYYY-MM-DD, e.g. 2027-01-31");
        }
    }

    /** When the hold stops: the start of the day after its last day (UTC). */
    Optional<Instant> heldUntil() {
        return until.map(day -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static OrchestratorException invalid(String field, String problem, String fix) {
        return new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid " + field + ": " + problem + "; " + fix);
    }
}
