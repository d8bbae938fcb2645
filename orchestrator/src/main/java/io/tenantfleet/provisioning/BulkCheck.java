package io.tenantfleet.provisioning;

import io.tenantfleet.OrchestratorException;
import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.tenant.TenantSlug;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every row of a bulk request before any SQL runs, with the same rules as one
 * {@code provision} (slug pattern, display name, region and frameworks from the catalog), and
 * refuses a slug the request already gave on an earlier line. A bad row gets a one-line error
 * naming its source, line and field; it never stops the other rows.
 */
final class BulkCheck {

    /** A row and what the check made of it: a request, or the error that keeps it out. */
    record Checked(BulkRow row, ProvisionRequest request, String error) {

        boolean valid() {
            return request != null;
        }
    }

    private BulkCheck() {
    }

    static List<Checked> check(String source, List<BulkRow> rows, RegionCatalog catalog) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<Checked> checked = new ArrayList<>();
        for (BulkRow row : rows) {
            String where = source + ":" + row.line() + ": ";
            if (row.problem() != null) {
                checked.add(new Checked(row, null, where + row.problem()));
                continue;
            }
            String field = "slug";
            try {
                new TenantSlug(require(row.slug(), "slug"));
                field = "name";
                ProvisionRequest.checkName(row.slug(), require(row.name(), "name"));
                field = "region";
                catalog.region(require(row.region(), "region").strip());
                field = "frameworks";
                ProvisionRequest request = ProvisionRequest.of(row.slug(), row.name(), row.region().strip(),
                        row.frameworks(), catalog);
                Integer earlier = firstLine.putIfAbsent(row.slug(), row.line());
                if (earlier != null) {
                    checked.add(new Checked(row, null, where + "field slug: '" + row.slug() + "' is already on line "
                            + earlier + "; give each organization once"));
                    continue;
                }
                checked.add(new Checked(row, request, null));
            } catch (OrchestratorException e) {
                String message = e.getMessage().replace("invalid --name", "invalid name").replace(" in --frameworks", "");
                checked.add(new Checked(row, null, where + "field " + field + ": " + message));
            }
        }
        return checked;
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new OrchestratorException(io.tenantfleet.ErrorCode.INVALID_INPUT, "missing; every row needs slug, "
                    + "name and region");
        }
        return value;
    }
}
