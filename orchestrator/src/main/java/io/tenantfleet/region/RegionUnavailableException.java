package io.tenantfleet.region;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.sql.SQLException;

/** A region's database could not be reached, or failed while the orchestrator worked on it. */
public final class RegionUnavailableException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final String region;
    private final String sqlState;

    public RegionUnavailableException(String region, String detail, Throwable cause) {
        super(ErrorCode.REGION_UNAVAILABLE, "region " + region + " is unavailable: " + detail + "; "
                + advice(rootSqlState(cause)), cause);
        this.region = region;
        this.sqlState = rootSqlState(cause);
    }

    public String region() {
        return region;
    }

    /** SQLState of the deepest SQL error behind this, or null. */
    public String sqlState() {
        return sqlState;
    }

    /** True when trying again cannot help: bad credentials, TLS refused, no such database. */
    public boolean isPermanent() {
        return sqlState != null && (sqlState.startsWith("28") || sqlState.equals("08004") || sqlState.equals("3D000"));
    }

    /** The message of the deepest cause, on one line: what the server or driver actually said. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static String rootSqlState(Throwable e) {
        String state = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        return state;
    }

    private static String advice(String state) {
        if (state != null && state.startsWith("28")) {
            return "check the user and the password's environment variable in the catalog";
        }
        if ("08004".equals(state)) {
            return "the catalog's tls.mode for this region requires TLS the server did not give; enable TLS on the "
                    + "server or fix tls.mode and tls.root_cert in the catalog";
        }
        return "check that its server is up and reachable, then run the command again";
    }
}
