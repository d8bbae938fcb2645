package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import org.springframework.http.HttpStatus;

/** A failure that only the API has (no such resource, a reused idempotency key), with its HTTP status. */
final class ApiException extends OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;

    ApiException(HttpStatus status, ErrorCode code, String message) {
        super(code, message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, ErrorCode.INVALID_INPUT, message);
    }

    /** The organization's slug, once checked (400) and known to the registry (404). */
    static TenantSlug known(TenantRegistry registry, String org) {
        TenantSlug slug = new TenantSlug(org);
        if (registry.find(slug.value()).isEmpty()) {
            throw notFound("no organization " + slug + "; see GET /api/tenants");
        }
        return slug;
    }
}
