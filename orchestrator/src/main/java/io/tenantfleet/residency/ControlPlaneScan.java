package io.tenantfleet.residency;

import io.tenantfleet.catalog.RegionCatalog;
import io.tenantfleet.region.ControlPlaneConfiguration;
import io.tenantfleet.region.RegionConnections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Looks for personal data in the control plane (rule RES-04): every text and JSON column of every
 * table, scanned with one query per table for values shaped like e-mail addresses or phone
 * numbers, and columns whose names say they hold personal data. Values are counted, never copied.
 */
@Component
class ControlPlaneScan {

    static final String REGION = RegionConnections.CONTROL_PLANE;
    static final String COLUMNS = "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
            + "AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') ORDER BY 1, 2";
    static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
    static final String PHONE = "^\\+?[0-9()./ -]*[0-9]{3}[0-9()./ -]*[0-9]{4}$";
    private static final Pattern PERSONAL_NAME = Pattern.compile(
            "(?i).*(email|e_mail|phone|mobile|first_name|last_name|full_name|birth|ssn|passport|street|address).*");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    private final JdbcClient jdbc;
    private final RegionCatalog catalog;

    ControlPlaneScan(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc, RegionCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    List<Finding> scan(Instant checkedAt) {
        String server = jdbc.sql("SELECT coalesce(host(inet_server_addr()), 'local socket') || ':' || current_setting('port') "
                + "|| '/' || current_database() || ' (PostgreSQL ' || split_part(version(), ' ', 2) || ')'")
                .query(String.class).single();
        Map<String, List<String>> tables = new LinkedHashMap<>();
        jdbc.sql(COLUMNS).query((rs, row) -> tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                .add(rs.getString(2))).list();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            String name = table.getKey().toLowerCase(java.util.Locale.ROOT);
            List<String> columns = table.getValue().stream().filter(c -> IDENTIFIER.matcher(c.toLowerCase(java.util.Locale.ROOT))
                    .matches()).toList();
            if (!IDENTIFIER.matcher(name).matches() || columns.isEmpty()) {
                continue;
            }
            String query = "SELECT " + columns.stream().map(c -> "count(*) FILTER (WHERE " + quote(c) + "::text ~ '" + EMAIL
                    + "'), count(*) FILTER (WHERE " + quote(c) + "::text ~ '" + PHONE + "')")
                    .collect(Collectors.joining(", ")) + " FROM " + quote(table.getKey());
            List<Long> counts = jdbc.sql(query).query((rs, row) -> {
                List<Long> values = new ArrayList<>();
                for (int i = 1; i <= columns.size() * 2; i++) {
                    values.add(rs.getLong(i));
                }
                return values;
            }).single();
            for (int i = 0; i < columns.size(); i++) {
                String column = name + "." + columns.get(i).toLowerCase(java.util.Locale.ROOT);
                long emails = counts.get(2 * i);
                long phones = counts.get(2 * i + 1);
                if (emails + phones > 0) {
                    findings.add(finding(server, column, emails + " values shaped like e-mail addresses, " + phones
                            + " like phone numbers", query, checkedAt));
                }
                if (PERSONAL_NAME.matcher(columns.get(i)).matches()) {
                    findings.add(finding(server, column, "a column whose name says it holds personal data", COLUMNS,
                            checkedAt));
                }
            }
        }
        return findings;
    }

    private Finding finding(String server, String column, String returned, String query, Instant checkedAt) {
        return new Finding(ResidencyRule.PERSONAL_DATA_SHARED.id(), REGION, column, "the control plane's column " + column
                + " holds what looks like personal data", new Evidence(server, "column " + column, query,
                        returned + " (values not copied into this report)", checkedAt, catalog.digest()));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
