package io.dblab.bench;

import io.dblab.pg.process.Command;
import io.dblab.testkit.TestPostgres;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark's source database holds: a pgbench database of some scale (many bytes in few
 * files), or many small tables (few bytes in many files, where a cost per file would show).
 */
sealed interface Dataset permits Dataset.Pgbench, Dataset.ManyTables {
    /** For directory names: "scale-10", "tables-10000". */
    String key();

    /** For headings and log lines: "pgbench scale 10", "10,000 tables". */
    String title();

    /** How the source database was filled, in Markdown. */
    String description();

    /** Settings the source server needs to hold and serve this data. */
    Map<String, String> sourceSettings();

    /** Fills the database {@value BenchSource#DATABASE}, which exists and is empty. */
    void fill(TestPostgres source);

    /** Changes some rows (not timed), so that a reset has changed data to throw away. */
    String dirtySql();

    /** {@code pgbench -i -s <scale>}: 10 is about 150 MB, 100 about 1.5 GB. */
    record Pgbench(int scale) implements Dataset {
        @Override
        public String key() {
            return "scale-" + scale;
        }

        @Override
        public String title() {
            return "pgbench scale " + scale;
        }

        @Override
        public String description() {
            return "`pgbench -i -s " + scale + "`";
        }

        @Override
        public Map<String, String> sourceSettings() {
            return Map.of();
        }

        @Override
        public void fill(TestPostgres source) {
            Command.of(BenchSource.pgbench(source, "-i", "-q", "-s", Integer.toString(scale)))
                    .timeout(Duration.ofHours(1)).check();
        }

        @Override
        public String dirtySql() {
            return "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= 1000";
        }
    }

    /**
     * {@code tables} tables {@code t_1 … t_<tables>}, each {@code (id integer PRIMARY KEY, note text)}
     * with {@value #ROWS} rows: four files each (table, primary key, TOAST table and its index).
     */
    record ManyTables(int tables) implements Dataset {
        static final int ROWS = 10;
        /**
         * Tables made per transaction: each CREATE TABLE holds four locks until the commit, and the
         * lock table holds max_locks_per_transaction (64) × max_connections (100) of them.
         */
        private static final int BATCH = 1000;
        /** The same tables for {@link #dirtySql()}: a reset throws away changes in this many of them. */
        private static final int DIRTIED = 100;

        public ManyTables {
            if (tables < 1) {
                throw new IllegalArgumentException("a database of many tables needs at least one, not " + tables);
            }
        }

        @Override
        public String key() {
            return "tables-" + tables;
        }

        @Override
        public String title() {
            return String.format(Locale.ROOT, "%,d tables", tables);
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "%,d tables of %d rows, each `(id integer PRIMARY KEY, note text)`",
                    tables, ROWS);
        }

        /**
         * pg_dump and the engine's copy session each lock every table, at the same time, in the
         * shared lock table of max_locks_per_transaction × max_connections (100) entries.
         */
        @Override
        public Map<String, String> sourceSettings() {
            return Map.of("max_locks_per_transaction", Integer.toString(Math.max(64, tables / 25)));
        }

        @Override
        public void fill(TestPostgres source) {
            for (int from = 1; from <= tables; from += BATCH) {
                source.psql().run(BenchSource.DATABASE, forEachTable(from, Math.min(tables, from + BATCH - 1),
                        "CREATE TABLE %1$I (id integer PRIMARY KEY, note text); "
                                + "INSERT INTO %1$I SELECT g, 'row ' || g FROM generate_series(1, " + ROWS + ") g"));
            }
        }

        @Override
        public String dirtySql() {
            return forEachTable(1, Math.min(tables, DIRTIED), "UPDATE %1$I SET note = note || '.'");
        }

        /** A DO block that runs {@code statement} (a format() string, %1$I the table) for tables {@code from … to}. */
        private static String forEachTable(int from, int to, String statement) {
            return "DO $$ BEGIN FOR i IN " + from + ".." + to + " LOOP "
                    + "EXECUTE format($f$" + statement + "$f$, 't_' || i); END LOOP; END $$;";
        }
    }
}
