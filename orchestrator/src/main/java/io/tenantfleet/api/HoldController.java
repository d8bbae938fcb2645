package io.tenantfleet.api;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.retention.DataSubject;
import io.tenantfleet.retention.Erasure;
import io.tenantfleet.retention.ErasureReport;
import io.tenantfleet.retention.HoldRequest;
import io.tenantfleet.retention.LegalHold;
import io.tenantfleet.retention.LegalHolds;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Legal holds and erasure (operators only: a hold's reason and an erasure's subject are not for
 * auditors). The authenticated user is recorded as who placed or released a hold ({@code api:NAME}).
 * Erasure is one transaction in one region, so it answers at once; the subject's address is in the
 * request only, never in a response or a log.
 */
@RestController
class HoldController {

    /** A hold to place: the whole organization, one table, or one row of it; through {@code until} (UTC) or until removed. */
    record HoldBody(Optional<String> table, Optional<String> id, String reason, Optional<String> until) {
    }

    /** A data subject to erase, by e-mail address; {@code dryRun} counts and changes nothing. */
    record ErasureBody(String subject, Optional<Boolean> dryRun) {
    }

    private final LegalHolds holds;
    private final Erasure erasure;
    private final TenantRegistry registry;

    HoldController(LegalHolds holds, Erasure erasure, TenantRegistry registry) {
        this.holds = holds;
        this.erasure = erasure;
        this.registry = registry;
    }

    @GetMapping("/api/holds")
    LegalHolds.Listing list(@RequestParam Optional<String> org, @RequestParam Optional<Boolean> all) {
        return holds.list(org.map(slug -> ApiException.known(registry, slug)), all.orElse(false));
    }

    @PostMapping("/api/tenants/{org}/holds")
    ResponseEntity<LegalHold> place(@PathVariable String org, @RequestBody HoldBody body, Principal user) {
        TenantSlug slug = ApiException.known(registry, org);
        HoldRequest request = new HoldRequest(slug, body.table(), body.id(), body.reason(),
                body.until().map(HoldRequest::parseUntil));
        return ResponseEntity.status(201).body(holds.place(request, actor(user)));
    }

    @DeleteMapping("/api/tenants/{org}/holds/{hold}")
    LegalHolds.Release remove(@PathVariable String org, @PathVariable String hold, Principal user) {
        TenantSlug slug = ApiException.known(registry, org);
        UUID id;
        try {
            id = UUID.fromString(hold);
        } catch (IllegalArgumentException e) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "invalid hold id '" + hold + "'; give the id that "
                    + "placing the hold returned (a UUID)");
        }
        return holds.remove(slug, id, actor(user));
    }

    @PostMapping("/api/tenants/{org}/erasures")
    ErasureReport erase(@PathVariable String org, @RequestBody ErasureBody body) {
        TenantSlug slug = ApiException.known(registry, org);
        return erasure.erase(slug, new DataSubject(body.subject()), body.dryRun().orElse(false));
    }

    private static String actor(Principal user) {
        return "api:" + user.getName();
    }
}
