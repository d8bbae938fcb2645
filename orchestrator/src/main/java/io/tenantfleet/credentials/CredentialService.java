package io.tenantfleet.credentials;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.DatabaseSpec;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.catalog.TlsSettings;
import io.tenantfleet.credentials.CredentialRecords.Ending;
import io.tenantfleet.credentials.RegionLogins.Login;
import io.tenantfleet.region.AdvisoryLocks;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionConnections;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantLocks;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues, rotates and revokes the login roles of tenants' applications in their home regions.
 * Each operation runs under the tenant's lock; its region work commits with its residency-ledger
 * entry, and its control-plane record (names and times, never the password) commits only after
 * the region's. The password is generated here, reaches the region only as a SCRAM verifier, and
 * is handed back once to the caller.
 */
@Service
public class CredentialService {

    private final TenantRegistry registry;
    private final TenantLocks locks;
    private final RegionGuard guard;
    private final RegionConnections connections;
    private final RegionCatalog catalog;
    private final CredentialRecords records;
    private final TransactionTemplate controlPlane;
    private final SecureRandom random = new SecureRandom();

    CredentialService(TenantRegistry registry, TenantLocks locks, RegionGuard guard, RegionConnections connections,
            RegionCatalog catalog, CredentialRecords records,
            @Qualifier(ControlPlaneConfiguration.TRANSACTION_MANAGER) PlatformTransactionManager transactions) {
        this.registry = registry;
        this.locks = locks;
        this.guard = guard;
        this.connections = connections;
        this.catalog = catalog;
        this.records = records;
        this.controlPlane = new TransactionTemplate(transactions);
    }

    /** A new login for the tenant's application; logins issued before stay as they are. */
    public IssuedLogin issue(TenantSlug slug) {
        return issue(slug, Optional.empty());
    }

    /**
     * A new login; the logins valid until now stay valid for {@code grace} more, and those whose
     * grace has passed are dropped.
     */
    public IssuedLogin rotate(TenantSlug slug, Duration grace) {
        return issue(slug, Optional.of(grace));
    }

    /**
     * Ends one login ({@code login} present) or all of the tenant's logins: no new session can
     * start, open sessions are terminated and the roles dropped. Logins whose grace has passed go too.
     */
    public RevokedLogins revoke(TenantSlug slug, Optional<String> login) {
        Optional<LoginName> only = login.map(name -> LoginName.parse(slug, name));
        Tenant tenant = known(slug);
        String region = tenant.homeRegion();
        connections.checkSecrets(region);
        try (AdvisoryLocks.Held lock = locks.acquire(slug, "credentials revoke")) {
            Instant now = Instant.now();
            return controlPlane.execute(status -> {
                List<Login> present = guard.inTransaction(region, connection -> {
                    List<Login> logins = RegionLogins.list(connection, slug);
                    only.ifPresent(name -> requirePresent(tenant, logins, name));
                    RegionLogins.disable(connection, names(targets(logins, only, now)));
                    return logins;
                });
                List<Login> targets = targets(present, only, now);
                List<Login> ended = present.stream().filter(l -> !targets.contains(l) && isOver(l, now)).toList();
                List<LoginName> dropping = names(Stream.concat(targets.stream(), ended.stream()).toList());
                int sessions = guard.call(region, connection -> RegionLogins.terminateSessions(connection, dropping));
                guard.inTransaction(region, connection -> {
                    RegionLogins.drop(connection, dropping);
                    ResidencyLedger.append(connection, region, "TENANT_LOGINS_REVOKED", tenant.id(), slug.value(),
                            slug.schema(), Map.of("revoked", joined(names(targets)), "expired", joined(names(ended)),
                                    "sessions_terminated", String.valueOf(sessions)));
                    return null;
                });
                records.ended(tenant, values(names(targets)), Ending.REVOKED, now);
                recordEnded(tenant, ended, values(names(present)), now);
                return new RevokedLogins(slug.value(), region, values(names(targets)), values(names(ended)), sessions);
            });
        }
    }

    /** Checks a {@code --login} value before anything starts: bad input names it and the form expected. */
    public static void checkLoginName(TenantSlug slug, String login) {
        LoginName.parse(slug, login);
    }

    private IssuedLogin issue(TenantSlug slug, Optional<Duration> grace) {
        Tenant tenant = known(slug);
        if (tenant.status() != TenantStatus.ACTIVE) {
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "organization " + slug + " is " + tenant.status()
                    + " in " + tenant.homeRegion() + "; provision it until it is ACTIVE (see 'status'), then issue its login");
        }
        String region = tenant.homeRegion();
        connections.checkSecrets(region);
        String operation = grace.isPresent() ? "rotate" : "issue";
        try (AdvisoryLocks.Held lock = locks.acquire(slug, "credentials " + operation);
                LoginPassword generated = LoginPassword.generate(random)) {
            Instant now = Instant.now();
            Instant validUntil = grace.map(g -> now.plus(g).truncatedTo(ChronoUnit.SECONDS)).orElse(null);
            return controlPlane.execute(status -> {
                int lastRecorded = records.lastNumber(tenant);
                Change change = guard.inTransaction(region, connection -> {
                    List<Login> logins = RegionLogins.list(connection, slug);
                    int last = logins.stream().mapToInt(l -> l.name().number()).max().orElse(0);
                    LoginName name = new LoginName(slug, Math.max(last, lastRecorded) + 1);
                    List<Login> ended = grace.isEmpty() ? List.of() : logins.stream().filter(l -> isOver(l, now)).toList();
                    List<Login> expiring = grace.isEmpty() ? List.of() : logins.stream().filter(l -> !isOver(l, now)
                            && l.validUntil().map(until -> until.isAfter(validUntil)).orElse(true)).toList();
                    RegionLogins.terminateSessions(connection, names(ended));
                    RegionLogins.drop(connection, names(ended));
                    for (Login login : expiring) {
                        RegionLogins.expire(connection, login.name(), validUntil);
                    }
                    RegionLogins.create(connection, name, tenant.id(), generated);
                    ResidencyLedger.append(connection, region, grace.isEmpty() ? "TENANT_LOGIN_ISSUED" : "TENANT_LOGIN_ROTATED",
                            tenant.id(), slug.value(), slug.schema(), ledgerDetail(name, expiring, validUntil, ended));
                    return new Change(name, logins, expiring, ended);
                });
                records.issued(tenant, change.name(), now);
                if (validUntil != null) {
                    records.expiring(tenant, names(change.expiring()), validUntil);
                }
                recordEnded(tenant, change.ended(), Stream.concat(values(names(change.before())).stream(),
                        Stream.of(change.name().value())).toList(), now);
                return new IssuedLogin(slug.value(), region, change.name().value(), generated.copy(),
                        ConnectionDetails.of(connections.endpoint(region), tls(region), change.name().value()),
                        values(names(change.expiring())), change.expiring().isEmpty() ? null : validUntil,
                        values(names(change.ended())));
            });
        }
    }

    /** What an issue or rotation changed in the region. */
    private record Change(LoginName name, List<Login> before, List<Login> expiring, List<Login> ended) {
    }

    private Tenant known(TenantSlug slug) {
        return registry.find(slug.value()).orElseThrow(() -> new OrchestratorException(ErrorCode.INVALID_INPUT,
                "unknown organization '" + slug + "'; provision it first (see 'status' for the organizations there are)"));
    }

    /** Marks ended logins in the control plane, and those it lists as open that are not {@code inRegion}. */
    private void recordEnded(Tenant tenant, List<Login> ended, List<String> inRegion, Instant now) {
        records.ended(tenant, values(names(ended.stream().filter(l -> l.validUntil().isPresent()).toList())),
                Ending.EXPIRED, now);
        records.ended(tenant, values(names(ended.stream().filter(l -> l.validUntil().isEmpty()).toList())),
                Ending.REVOKED, now);
        List<String> missing = new ArrayList<>(records.open(tenant));
        missing.removeAll(inRegion);
        records.ended(tenant, missing, Ending.MISSING, now);
    }

    private static void requirePresent(Tenant tenant, List<Login> logins, LoginName name) {
        if (logins.stream().noneMatch(l -> l.name().equals(name))) {
            List<String> existing = values(names(logins));
            throw new OrchestratorException(ErrorCode.INVALID_INPUT, "--login '" + name + "' does not exist in region "
                    + tenant.homeRegion() + " (never issued or already revoked); " + (existing.isEmpty()
                            ? "organization " + tenant.slug() + " has no logins"
                            : "its logins are " + String.join(", ", existing)));
        }
    }

    private static List<Login> targets(List<Login> logins, Optional<LoginName> only, Instant now) {
        return logins.stream().filter(l -> only.map(name -> l.name().equals(name)).orElse(!isOver(l, now))).toList();
    }

    /** A login that cannot be used any more: its grace has passed, or a revoke stopped half-way after disabling it. */
    private static boolean isOver(Login login, Instant now) {
        return login.expiredAt(now) || !login.canLogin();
    }

    private TlsSettings tls(String region) {
        return catalog.region(region).database() instanceof DatabaseSpec.Jdbc jdbc ? jdbc.tls() : TlsSettings.DISABLED;
    }

    private static Map<String, String> ledgerDetail(LoginName name, List<Login> expiring, Instant validUntil,
            List<Login> ended) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("login", name.value());
        detail.put("member_of", name.slug().appRole());
        if (validUntil != null) {
            detail.put("expiring", joined(names(expiring)));
            detail.put("valid_until", validUntil.toString());
            detail.put("expired_dropped", joined(names(ended)));
        }
        return detail;
    }

    private static List<LoginName> names(List<Login> logins) {
        return logins.stream().map(Login::name).toList();
    }

    private static List<String> values(List<LoginName> names) {
        return names.stream().map(LoginName::value).toList();
    }

    private static String joined(List<LoginName> names) {
        return String.join(",", values(names));
    }
}
