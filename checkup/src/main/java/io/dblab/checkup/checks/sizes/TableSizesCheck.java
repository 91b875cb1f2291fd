package io.dblab.checkup.checks.sizes;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Databases;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * L001: the size of every table and materialized view in every database, split into heap (with
 * its free space and visibility maps), indexes and TOAST, with the planner's row estimate
 * (reltuples; empty when never analyzed). Sizes come from the file system, no table is read.
 * Primary only (a standby has the same tables). No priorities: it is an inventory.
 */
public final class TableSizesCheck implements Check {
    static final String SQL = """
            SELECT current_database() AS database, n.nspname AS schema, c.relname AS table,
                   CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
                   CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS rows_estimate,
                   pg_total_relation_size(c.oid) AS total_bytes,
                   pg_relation_size(c.oid) + pg_relation_size(c.oid, 'fsm') + pg_relation_size(c.oid, 'vm') AS heap_bytes,
                   pg_indexes_size(c.oid) AS indexes_bytes,
                   CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END AS toast_bytes
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp_'
            """;

    @Override
    public String id() {
        return "L001";
    }

    @Override
    public String title() {
        return "Table sizes";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> notChecked = new ArrayList<>();
        List<Map<String, Object>> tables = Databases.rows(host, db -> db.query(SQL), notChecked);
        tables.sort(Comparator.comparingDouble((Map<String, Object> r) -> Values.numberOrNaN(r.get("total_bytes"))).reversed());
        Map<String, Object> totals = new LinkedHashMap<>();
        long total = 0;
        long heap = 0;
        long idx = 0;
        long toast = 0;
        for (Map<String, Object> t : tables) {
            total += Values.longOrZero(t.get("total_bytes"));
            heap += Values.longOrZero(t.get("heap_bytes"));
            idx += Values.longOrZero(t.get("indexes_bytes"));
            toast += Values.longOrZero(t.get("toast_bytes"));
        }
        totals.put("tables", tables.size());
        totals.put("total_bytes", total);
        totals.put("heap_bytes", heap);
        totals.put("indexes_bytes", idx);
        totals.put("toast_bytes", toast);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("totals", totals);
        data.put("tables", tables);
        Databases.putNotChecked(data, notChecked);
        return HostData.of(data);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, data) -> {
            Map<String, Object> totals = data.get("totals");
            List<Map<String, Object>> tables = Values.rows(data.get("tables"));
            String largest = tables.isEmpty() ? "" : "; the largest is " + tables.get(0).get("database") + "."
                    + tables.get(0).get("schema") + "." + tables.get(0).get("table") + " ("
                    + Values.bytes(Values.numberOrNaN(tables.get(0).get("total_bytes"))) + ")";
            findings.add(Finding.of(Priority.INFO, host + ": " + totals.get("tables") + " tables, "
                    + Values.bytes(Values.numberOrNaN(totals.get("total_bytes"))) + " in total (heap "
                    + Values.bytes(Values.numberOrNaN(totals.get("heap_bytes"))) + ", indexes "
                    + Values.bytes(Values.numberOrNaN(totals.get("indexes_bytes"))) + ", TOAST "
                    + Values.bytes(Values.numberOrNaN(totals.get("toast_bytes"))) + ")" + largest + ".", null));
        });
        return findings;
    }
}
