package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.function.Supplier;

/** Finding a run of a kind by its id for a status resource: a run the kind's ledger does not have is 404. */
final class FleetRunsView {

    private FleetRunsView() {
    }

    static <R> R find(Supplier<R> lookup, String kind, long run) {
        try {
            return lookup.get();
        } catch (OrchestratorException e) {
            if (e.errorCode() == ErrorCode.INVALID_INPUT) {
                throw ApiException.notFound("no " + kind + " run " + run);
            }
            throw e;
        }
    }
}
