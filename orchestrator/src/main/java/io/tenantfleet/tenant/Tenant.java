package io.tenantfleet.tenant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant as the control plane knows it: no personal data, no display name. */
public record Tenant(UUID id, String slug, String homeRegion, TenantStatus status, Optional<String> schemaVersion,
        List<String> frameworks, Optional<String> failureReason, int attempts, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public Tenant {
        frameworks = List.copyOf(frameworks);
    }
}
