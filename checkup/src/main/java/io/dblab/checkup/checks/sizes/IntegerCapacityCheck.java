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
 * L003: integer (int2/int4) columns fed by a sequence (serial or identity), primary keys first,
 * and sequences close to their own limit. How far a column is used is its sequence's
 * {@code last_value} (from {@code pg_sequences}) against the column type's maximum; no table is
 * read (a column without a sequence is only listed, since {@code max()} would read data). P1 above
 * 50% of the limit, P2 above 10%. Primary only.
 */
public final class IntegerCapacityCheck implements Check {
    static final double P1_RATIO = 0.5;
    static final double P2_RATIO = 0.1;
    static final String COLUMNS_SQL = """
            SELECT current_database() AS database, n.nspname AS schema, c.relname AS table, a.attname AS column,
                   format_type(a.atttypid, a.atttypmod) AS column_type,
                   EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p'
                           AND a.attnum = ANY (k.conkey)) AS in_primary_key,
                   CASE d.deptype WHEN 'i' THEN 'identity' ELSE 'serial' END AS generated_by,
                   sn.nspname AS sequence_schema, s.relname AS sequence,
                   ps.last_value, ps.increment_by, ps.min_value, ps.max_value, ps.cycle,
                   CASE a.atttypid WHEN 'int2'::regtype THEN 32767 ELSE 2147483647 END AS type_max,
                   CASE a.atttypid WHEN 'int2'::regtype THEN -32768 ELSE -2147483648 END AS type_min,
                   format('%I.%I', n.nspname, c.relname) AS qualified_table, quote_ident(a.attname) AS quoted_column,
                   format('%I.%I', sn.nspname, s.relname) AS qualified_sequence
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid AND d.refobjsubid = a.attnum
                 AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_namespace sn ON sn.oid = s.relnamespace
            LEFT JOIN pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = s.relname
            WHERE a.atttypid IN ('int2'::regtype, 'int4'::regtype) AND a.attnum > 0 AND NOT a.attisdropped
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 2, 3, 4
            """;
    static final String SEQUENCES_SQL = """
            SELECT current_database() AS database, schemaname AS schema, sequencename AS sequence, data_type::text AS data_type,
                   last_value, increment_by, min_value, max_value, cycle
            FROM pg_sequences
            WHERE last_value IS NOT NULL
              AND CASE WHEN increment_by > 0 THEN last_value::float8 / max_value ELSE last_value::float8 / min_value END >= 0.01
            ORDER BY 2, 3
            """;
    static final String UNCHECKED_SQL = """
            SELECT current_database() AS database, n.nspname AS schema, c.relname AS table, a.attname AS column,
                   format_type(a.atttypid, a.atttypmod) AS column_type
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (k.conkey)
            WHERE k.contype = 'p' AND a.atttypid IN ('int2'::regtype, 'int4'::regtype)
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid
                              AND d.refobjsubid = a.attnum AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
            ORDER BY 2, 3, 4
            """;

    @Override
    public String id() {
        return "L003";
    }

    @Override
    public String title() {
        return "Integer primary keys and sequences near overflow";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> notChecked = new ArrayList<>();
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Map<String, Object> row : Databases.rows(host, db -> db.query(COLUMNS_SQL), notChecked)) {
            double used = columnUse(row);
            row.put("used_ratio", Double.isNaN(used) ? null : round(used));
            columns.add(row);
        }
        List<Map<String, Object>> sequences = new ArrayList<>();
        for (Map<String, Object> row : Databases.rows(host, db -> db.query(SEQUENCES_SQL), notChecked)) {
            row.put("used_ratio", round(sequenceUse(row)));
            sequences.add(row);
        }
        List<Map<String, Object>> unchecked = Databases.rows(host, db -> db.query(UNCHECKED_SQL), notChecked);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("columns", columns);
        data.put("sequences", sequences);
        data.put("integer_keys_without_sequence", unchecked);
        Databases.putNotChecked(data, notChecked);
        return HostData.of(data);
    }

    /** last_value against the column type's limit in the sequence's direction; NaN when unknown. */
    static double columnUse(Map<String, Object> row) {
        double last = Values.numberOrNaN(row.get("last_value"));
        double inc = Values.numberOrNaN(row.get("increment_by"));
        if (Double.isNaN(last)) {
            return Double.NaN;
        }
        return inc < 0 ? last / Values.numberOrNaN(row.get("type_min")) : last / Values.numberOrNaN(row.get("type_max"));
    }

    static double sequenceUse(Map<String, Object> row) {
        double last = Values.numberOrNaN(row.get("last_value"));
        double inc = Values.numberOrNaN(row.get("increment_by"));
        return inc < 0 ? last / Values.numberOrNaN(row.get("min_value")) : last / Values.numberOrNaN(row.get("max_value"));
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        for (HostData data : byHost.values()) {
            List<String> p1 = new ArrayList<>();
            List<String> p2 = new ArrayList<>();
            List<String> p1Fixes = new ArrayList<>();
            List<String> p2Fixes = new ArrayList<>();
            List<String> coveredSequences = new ArrayList<>();
            for (Map<String, Object> c : Values.rows(data.get("columns"))) {
                double used = Values.numberOrNaN(c.get("used_ratio"));
                coveredSequences.add(c.get("database") + "." + c.get("sequence_schema") + "." + c.get("sequence"));
                if (Double.isNaN(used) || used <= P2_RATIO) {
                    continue;
                }
                String what = c.get("database") + "." + c.get("schema") + "." + c.get("table") + "." + c.get("column")
                        + " (" + c.get("column_type") + (Values.bool(c.get("in_primary_key")) ? ", primary key" : "")
                        + ", " + Values.pct(used) + " used)";
                (used > P1_RATIO ? p1 : p2).add(what);
                List<String> fixes = used > P1_RATIO ? p1Fixes : p2Fixes;
                fixes.add("-- in database " + c.get("database") + " (rewrites the table under an exclusive lock)");
                fixes.add("ALTER TABLE " + c.get("qualified_table") + " ALTER COLUMN " + c.get("quoted_column") + " TYPE bigint;");
                fixes.add("ALTER SEQUENCE " + c.get("qualified_sequence") + " AS bigint;");
            }
            for (Map<String, Object> s : Values.rows(data.get("sequences"))) {
                String key = s.get("database") + "." + s.get("schema") + "." + s.get("sequence");
                double used = Values.numberOrNaN(s.get("used_ratio"));
                if (coveredSequences.contains(key) || Double.isNaN(used) || used <= P2_RATIO) {
                    continue;
                }
                (used > P1_RATIO ? p1 : p2).add("sequence " + key + " (" + s.get("data_type") + ", "
                        + Values.pct(used) + " of its maximum)");
            }
            String recommendation = "Move the columns to bigint (ALTER TABLE … ALTER COLUMN … TYPE bigint rewrites the table; "
                    + "on big tables use a new column filled in batches, then swap) and the sequences to AS bigint.";
            if (!p1.isEmpty()) {
                findings.add(new Finding(Priority.P1, "Integer keys or sequences over " + (int) (P1_RATIO * 100)
                        + "% of their limit: " + Values.list(p1, 10) + ".", recommendation, fixesFor(p1Fixes), List.of()));
            }
            if (!p2.isEmpty()) {
                findings.add(new Finding(Priority.P2, "Integer keys or sequences over " + (int) (P2_RATIO * 100)
                        + "% of their limit: " + Values.list(p2, 10) + ".", recommendation, fixesFor(p2Fixes), List.of()));
            }
            int unchecked = Values.rows(data.get("integer_keys_without_sequence")).size();
            if (unchecked > 0) {
                findings.add(Finding.of(Priority.INFO, unchecked + " int2/int4 primary key column(s) have no sequence; "
                        + "their use is not measured (that would read table data).", null));
            }
            break; // the primary is the only host
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "No integer key or sequence is over " + (int) (P2_RATIO * 100)
                    + "% of its limit.", null));
        }
        return findings;
    }

    private static List<String> fixesFor(List<String> fixes) {
        return fixes.size() > 40 ? fixes.subList(0, 40) : fixes;
    }
}
