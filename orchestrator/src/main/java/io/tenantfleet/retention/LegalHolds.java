package io.tenantfleet.retention;

import io.tenantfleet.ErrorCode;
import io.tenantfleet.OrchestratorException;
import io.tenantfleet.region.RegionGuard;
import io.tenantfleet.region.RegionUnavailableException;
import io.tenantfleet.residency.ResidencyLedger;
import io.tenantfleet.tenant.Tenant;
import io.tenantfleet.tenant.TenantRegistry;
import io.tenantfleet.tenant.TenantSession;
import io.tenantfleet.tenant.TenantSlug;
import io.tenantfleet.tenant.TenantStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Places, releases and lists legal holds in tenants' home regions. A hold row is written as the
 * tenant's owner acting for its organization (so the audit trigger records it, its reason as a
 * digest), and each placement or release appends a ledger entry with the hold's id, table and end,
 * never its reason. A hold is never deleted: releasing sets {@code released_at} and {@code released_by}.
 */
@Service
public class LegalHolds {

    /** Holds of the tenants read, and the regions or tenants that could not be read. */
    public record Listing(List<LegalHold> holds, List<String> problems) {
    }

    /** The hold after {@code remove}; {@code changed} is false when it was released before. */
    public record Release(LegalHold hold, boolean changed) {
    }

    private static final String COLUMNS = "hold_id, table_name, record_id, reason, placed_by, placed_at, held_until, "
            + "released_at, released_by";

    private final TenantRegistry registry;
    private final RegionGuard guard;

    LegalHolds(TenantRegistry registry, RegionGuard guard) {
        this.registry = registry;
        this.guard = guard;
    }

    public LegalHold place(HoldRequest request, String actor) {
        Tenant tenant = TenantTarget.active(registry, request.slug());
        String schema = TenantSlug.quote(request.slug().schema());
        UUID id = UUID.randomUUID();
        return guard.inTransaction(tenant.homeRegion(), connection -> {
            RetentionMap map = TenantTarget.map(connection, tenant);
            Optional<MappedTable> table = request.table().map(name -> holdable(map, request.slug(), name));
            TenantSession.actAsOwner(connection, request.slug(), tenant.id());
            if (request.recordId().isPresent()) {
                requireRow(connection, schema, table.orElseThrow(), request.recordId().get());
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".legal_holds (hold_id, "
                    + "org_id, table_name, record_id, reason, placed_by, held_until) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, id);
                insert.setObject(2, tenant.id());
                insert.setString(3, request.table().orElse(null));
                insert.setString(4, request.recordId().orElse(null));
                insert.setString(5, request.reason());
                insert.setString(6, actor);
                insert.setTimestamp(7, request.heldUntil().map(Timestamp::from).orElse(null));
                insert.executeUpdate();
            }
            LegalHold hold = find(connection, tenant, id).orElseThrow();
            TenantSession.resetRole(connection);
            ResidencyLedger.append(connection, tenant.homeRegion(), "LEGAL_HOLD_PLACED", tenant.id(), tenant.slug(),
                    request.slug().schema(), detail(hold));
            return hold;
        });
    }

    public Release remove(TenantSlug slug, UUID holdId, String actor) {
        Tenant tenant = TenantTarget.active(registry, slug);
        String schema = TenantSlug.quote(slug.schema());
        return guard.inTransaction(tenant.homeRegion(), connection -> {
            TenantTarget.map(connection, tenant);
            TenantSession.actAsOwner(connection, slug, tenant.id());
            LegalHold hold = find(connection, tenant, holdId).orElseThrow(() -> new OrchestratorException(
                    ErrorCode.INVALID_INPUT, "no legal hold " + holdId + " in organization '" + slug
                            + "'; see orchestrator hold list --org " + slug + " --all"));
            if (hold.releasedAt().isPresent()) {
                return new Release(hold, false);
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema + ".legal_holds "
                    + "SET released_at = now(), released_by = ? WHERE hold_id = ? AND released_at IS NULL")) {
                update.setString(1, actor);
                update.setObject(2, holdId);
                update.executeUpdate();
            }
            LegalHold released = find(connection, tenant, holdId).orElseThrow();
            TenantSession.resetRole(connection);
            ResidencyLedger.append(connection, tenant.homeRegion(), "LEGAL_HOLD_RELEASED", tenant.id(), tenant.slug(),
                    slug.schema(), detail(released));
            return new Release(released, true);
        });
    }

    /** Holds of one organization or of every ACTIVE one; active only unless {@code all}. */
    public Listing list(Optional<TenantSlug> slug, boolean all) {
        List<Tenant> tenants = slug.isPresent() ? List.of(TenantTarget.active(registry, slug.get()))
                : registry.list(Optional.empty()).stream().filter(t -> t.status() == TenantStatus.ACTIVE).toList();
        Map<String, List<Tenant>> byRegion = tenants.stream()
                .collect(Collectors.groupingBy(Tenant::homeRegion, LinkedHashMap::new, Collectors.toList()));
        List<LegalHold> holds = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        byRegion.forEach((region, regionTenants) -> {
            try {
                holds.addAll(guard.read(region, connection -> read(connection, regionTenants, all, problems)));
            } catch (RegionUnavailableException e) {
                if (slug.isPresent()) {
                    throw e;
                }
                problems.add("region " + region + " unavailable (" + regionTenants.size() + " organization(s) not read): "
                        + e.getMessage());
            }
        });
        return new Listing(holds, problems);
    }

    private static List<LegalHold> read(Connection connection, List<Tenant> tenants, boolean all, List<String> problems)
            throws SQLException {
        List<LegalHold> holds = new ArrayList<>();
        for (Tenant tenant : tenants) {
            TenantSlug slug = new TenantSlug(tenant.slug());
            if (!TenantTarget.hasHolds(connection, slug)) {
                problems.add("organization " + slug + " is at template version " + tenant.schemaVersion().orElse("?")
                        + ", before legal holds; roll it out to version 3");
                continue;
            }
            TenantSession.actAsOwner(connection, slug, tenant.id());
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                    + TenantSlug.quote(slug.schema()) + ".legal_holds WHERE ? OR (released_at IS NULL "
                    + "AND (held_until IS NULL OR held_until > now())) ORDER BY placed_at, hold_id")) {
                select.setBoolean(1, all);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        holds.add(hold(tenant, rows));
                    }
                }
            }
            TenantSession.resetRole(connection);
        }
        return holds;
    }

    /** A table a hold may name: mapped, and one that retention or erasure can remove rows from. */
    private static MappedTable holdable(RetentionMap map, TenantSlug slug, String name) {
        List<String> removable = map.tables().stream().filter(t -> t.action() != MappedTable.Action.KEEP)
                .map(MappedTable::table).toList();
        return map.find(name).filter(t -> t.action() != MappedTable.Action.KEEP).orElseThrow(() -> HoldRequest.invalid(
                "--table", "'" + name + "' is not a table of " + slug + " that retention or erasure removes rows from",
                "use one of " + String.join(", ", removable)));
    }

    private static void requireRow(Connection connection, String schema, MappedTable table, String recordId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + schema + "."
                + TenantSlug.quote(table.table()) + " WHERE " + TenantSlug.quote(table.key()) + "::text = ?)")) {
            select.setString(1, recordId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    throw HoldRequest.invalid("--id", "no row of " + table.table() + " has " + table.key() + " '" + recordId
                            + "'", "give the key of an existing row, or hold the whole table (omit --id)");
                }
            }
        }
    }

    private static Optional<LegalHold> find(Connection connection, Tenant tenant, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                + TenantSlug.quote(new TenantSlug(tenant.slug()).schema()) + ".legal_holds WHERE hold_id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(hold(tenant, rows)) : Optional.empty();
            }
        }
    }

    private static LegalHold hold(Tenant tenant, ResultSet rows) throws SQLException {
        return new LegalHold(tenant.slug(), rows.getObject(1, UUID.class), Optional.ofNullable(rows.getString(2)),
                Optional.ofNullable(rows.getString(3)), rows.getString(4), rows.getString(5), instant(rows, 6).orElseThrow(),
                instant(rows, 7), instant(rows, 8), Optional.ofNullable(rows.getString(9)));
    }

    private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
        return Optional.ofNullable(rows.getTimestamp(column)).map(Timestamp::toInstant);
    }

    /** The ledger's facts of a hold: its id, its table and scope, its end; never its reason or the row's key. */
    private static Map<String, String> detail(LegalHold hold) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("hold_id", hold.id().toString());
        detail.put("table", hold.table().orElse("*"));
        detail.put("scope", hold.recordId().isPresent() ? "row" : hold.table().isPresent() ? "table" : "tenant");
        detail.put("until", hold.heldUntil().map(Instant::toString).orElse("open"));
        return detail;
    }
}
