package io.dblab.engine.masking;

import io.dblab.pg.sql.SqlQuote;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the copies of original values that an UPDATE leaves behind. An UPDATE writes new row
 * versions but the old ones stay in the table's pages (and its TOAST and index entries) until
 * space is reused, so each changed table is rewritten with VACUUM FULL, which writes new files for
 * the heap, its TOAST table and every index and unlinks the old ones; VACUUM FULL also drops the
 * values of dropped columns. Materialized views are refreshed (they may copy masked columns).
 * Then ANALYZE replaces the statistics, whose most-common-value lists and histograms quoted the
 * originals, and VACUUM FULL of the system catalogs removes the replaced pg_statistic rows (and
 * the old password verifiers that randomizing passwords left in pg_authid).
 */
final class Rewriter {
    private final PrivateSql sql;

    Rewriter(PrivateSql sql) {
        this.sql = sql;
    }

    /** Before the rules: zeroed counters let {@link #rewrite} see what rules and scripts changed. */
    void resetCounters(List<String> databases) {
        for (String database : databases) {
            sql.run(database, "SELECT pg_stat_reset();", "resetting statistics");
        }
    }

    void rewrite(List<String> databases, List<ResolvedColumn> masked) {
        boolean first = true;
        for (String database : databases) {
            List<ResolvedColumn> here = masked.stream().filter(c -> c.database().equals(database)).toList();
            List<String> tables = sql.lines(database, CHANGED_TABLES.formatted(ruleTables(here)), "finding changed tables");
            for (String view : sql.lines(database, POPULATED_MATVIEWS, "finding materialized views")) {
                sql.run(database, "REFRESH MATERIALIZED VIEW " + view + ";", "refreshing a materialized view");
            }
            for (String table : tables) {
                sql.run(database, "VACUUM (FULL) " + table + ";", "rewriting table " + table);
            }
            sql.run(database, "ANALYZE;", "collecting statistics");
            // Shared catalogs (pg_authid, pg_database, ...) are the same in every database: once is enough.
            String catalogs = first ? ALL_CATALOGS : LOCAL_CATALOGS;
            StringBuilder vacuum = new StringBuilder();
            for (String catalog : sql.lines(database, catalogs, "listing catalogs")) {
                vacuum.append("VACUUM (FULL) ").append(catalog).append(";\n");
            }
            sql.run(database, vacuum.toString(), "rewriting the system catalogs");
            sql.run(database, RESET_QUERY_STATISTICS, "resetting statistics");
            first = false;
        }
    }

    /** {@code VALUES} rows (schema, table) of the masked tables, or an empty relation of that shape. */
    private static String ruleTables(List<ResolvedColumn> columns) {
        Set<String> rows = new LinkedHashSet<>();
        for (ResolvedColumn c : columns) {
            rows.add("(" + SqlQuote.literal(c.schema()) + ", " + SqlQuote.literal(c.table()) + ")");
        }
        return rows.isEmpty() ? "SELECT NULL::name, NULL::name WHERE false" : "VALUES " + String.join(", ", rows);
    }

    /**
     * Every plain table to rewrite, each once (by the same spelling, so UNION removes repeats): the
     * masked tables or, for a partitioned one, its partitions; tables whose counters show updated
     * or deleted rows (by the rules or by scripts), a TOAST table standing for its owner; and
     * tables with dropped columns, whose values stay in the rows. The counters survived the clean
     * restart before this runs, and every session that changed them had ended by then.
     */
    private static final String CHANGED_TABLES = """
            WITH masked AS (SELECT to_regclass(format('%%I.%%I', s, t)) AS oid FROM (%s) AS r(s, t))
            SELECT format('%%I.%%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND (c.oid IN (SELECT oid FROM masked)
                  OR c.oid IN (SELECT pt.relid FROM masked m, pg_partition_tree(m.oid) pt))
            UNION
            SELECT format('%%I.%%I', n.nspname, c.relname)
            FROM pg_stat_all_tables s
            JOIN pg_class t ON t.oid = s.relid
            JOIN pg_class c ON c.oid = CASE WHEN t.relkind = 't'
                 THEN (SELECT o.oid FROM pg_class o WHERE o.reltoastrelid = t.oid LIMIT 1) ELSE t.oid END
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE (s.n_tup_upd > 0 OR s.n_tup_del > 0 OR s.n_dead_tup > 0)
              AND c.relkind = 'r' AND n.nspname <> 'pg_catalog'
            UNION
            SELECT format('%%I.%%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'pg_catalog' AND n.nspname NOT LIKE 'pg\\_temp%%'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attisdropped);
            """;

    /** In creation order, which is the order a view built on another view needs. */
    private static final String POPULATED_MATVIEWS = """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'm' AND c.relispopulated ORDER BY c.oid;
            """;

    private static final String ALL_CATALOGS = """
            SELECT format('pg_catalog.%I', relname) FROM pg_class
            WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r' ORDER BY relname;
            """;

    private static final String LOCAL_CATALOGS = """
            SELECT format('pg_catalog.%I', relname) FROM pg_class
            WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r' AND NOT relisshared ORDER BY relname;
            """;

    /** pg_stat_statements keeps query texts (with literals) when it is loaded; it usually is not here. */
    private static final String RESET_QUERY_STATISTICS = """
            SELECT pg_stat_reset();
            DO $reset$
            BEGIN
              PERFORM pg_stat_statements_reset();
            EXCEPTION WHEN others THEN
              NULL; -- not installed, or not loaded in shared_preload_libraries: then it holds nothing
            END
            $reset$;
            """;
}
