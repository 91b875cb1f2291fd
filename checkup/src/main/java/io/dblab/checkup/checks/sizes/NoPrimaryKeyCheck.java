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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * L004: tables without a primary key (partitioned tables counted once, with the size of their
 * partitions; tables of extensions left out). Without one, logical replication cannot replicate
 * updates and deletes, and duplicate rows cannot be told apart. P2 for tables of
 * {@code l004.large_table_bytes} (10 MiB) or more (heap and TOAST), P3 for smaller ones. When the
 * table has a unique index on NOT NULL columns, the DO SQL promotes it to the primary key.
 */
public final class NoPrimaryKeyCheck implements Check {
    public static final String LARGE_OPTION = "l004.large_table_bytes";
    static final long LARGE_DEFAULT = 10L * 1024 * 1024;

    @Override
    public String id() {
        return "L004";
    }

    @Override
    public String title() {
        return "Tables without a primary key";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    static String sql(int versionNum) {
        String size = versionNum >= 120000
                ? "CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_table_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t) "
                  + "ELSE pg_table_size(c.oid) END"
                : "pg_table_size(c.oid)";
        return """
                SELECT current_database() AS database, n.nspname AS schema, c.relname AS table,
                       CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END AS kind,
                       %s AS table_bytes,
                       CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS rows_estimate,
                       (SELECT quote_ident(ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                        WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
                          AND i.indexprs IS NULL
                          AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                          AND a.attnum = ANY (i.indkey) AND NOT a.attnotnull)
                        ORDER BY ic.relname LIMIT 1) AS unique_not_null_index,
                       CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
                            WHEN 'i' THEN 'index' END AS replica_identity,
                       format('%%I.%%I', n.nspname, c.relname) AS qualified_table
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp_'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
                ORDER BY 5 DESC, 2, 3
                """.formatted(size);
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> notChecked = new ArrayList<>();
        String sql = sql(host.serverVersionNum());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tables", Databases.rows(host, db -> db.query(sql), notChecked));
        Databases.putNotChecked(data, notChecked);
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        long large = context.option(LARGE_OPTION, LARGE_DEFAULT);
        List<Finding> findings = new ArrayList<>();
        for (HostData data : byHost.values()) {
            List<String> big = new ArrayList<>();
            List<String> small = new ArrayList<>();
            List<String> bigSql = new ArrayList<>();
            List<String> smallSql = new ArrayList<>();
            for (Map<String, Object> t : Values.rows(data.get("tables"))) {
                double bytes = Values.numberOrNaN(t.get("table_bytes"));
                boolean isBig = bytes >= large;
                String name = t.get("database") + "." + t.get("schema") + "." + t.get("table");
                (isBig ? big : small).add(name + " (" + Values.bytes(bytes) + ")");
                Object index = t.get("unique_not_null_index");
                if (index != null) {
                    List<String> sql = isBig ? bigSql : smallSql;
                    sql.add("-- in database " + t.get("database") + ": " + t.get("unique_not_null_index")
                            + " is unique on NOT NULL columns");
                    sql.add("ALTER TABLE " + t.get("qualified_table") + " ADD PRIMARY KEY USING INDEX " + index + ";");
                }
            }
            String recommendation = "Add a primary key (a unique index on NOT NULL columns can become one with "
                    + "ALTER TABLE … ADD PRIMARY KEY USING INDEX …), or at least set REPLICA IDENTITY for logical replication.";
            if (!big.isEmpty()) {
                findings.add(new Finding(Priority.P2, big.size() + " table(s) of " + Values.bytes(large)
                        + " or more without a primary key: " + Values.list(big, 10) + ".", recommendation,
                        limit(bigSql), List.of()));
            }
            if (!small.isEmpty()) {
                findings.add(new Finding(Priority.P3, small.size() + " smaller table(s) without a primary key: "
                        + Values.list(small, 10) + ".", recommendation, limit(smallSql), List.of()));
            }
            break; // the primary is the only host
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "Every table has a primary key.", null));
        }
        return findings;
    }

    private static List<String> limit(List<String> sql) {
        return sql.size() > 40 ? sql.subList(0, 40) : sql;
    }
}
