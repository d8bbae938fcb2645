package io.tenantfleet.provisioning;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Organization display names of the provisioning runs under way in this process, keyed by request
 * id. They go only to the tenant's home region, so they are kept out of the job parameters that
 * Spring Batch stores in the control plane.
 */
@Component
class PendingNames {

    private final Map<String, String> names = new ConcurrentHashMap<>();

    void put(String request, String name) {
        names.put(request, name);
    }

    String get(String request) {
        String name = names.get(request);
        if (name == null) {
            throw new OrchestratorException(ErrorCode.OPERATION_FAILED, "provisioning request " + request
                    + " was started by another process; run 'provision' again to complete the tenant");
        }
        return name;
    }

    void remove(String request) {
        names.remove(request);
    }
}
