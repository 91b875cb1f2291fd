package io.dblab.engine.retrieval;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandFailedException;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.sql.SqlQuote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Copies the rows of a database's tables from the source into the restore server with no dump
 * files in between. Each worker is a psql on the source, in the copy's exported snapshot, whose
 * output is a script that a psql on the restore server runs as it arrives: for each table
 * {@code BEGIN; TRUNCATE ONLY t; COPY t (…) FROM STDIN FREEZE;}, the rows as the source's
 * {@code COPY t (…) TO STDOUT} writes them, the end-of-data line and {@code COMMIT;}. Reading and
 * loading run at once, and nothing is compressed, written to a file and read back.
 *
 * <p>The TRUNCATE puts the table's new file in the loading transaction: with wal_level=minimal its
 * rows then write no WAL, and FREEZE stores them frozen and all-visible, so that neither VACUUM nor a
 * clone's first reads (hint bits) rewrite pages that the clones share with the snapshot.
 */
final class TableDataCopy {
    /** A table to copy, as the source has it, and the columns to copy (none: a table without columns). */
    record Table(SourceTables.SourceTable source, List<String> columns) {
        String qualifiedName() {
            return SqlQuote.ident(source.schema()) + "." + SqlQuote.ident(source.name());
        }

        long bytes() {
            return source.bytes();
        }

        String columnList() {
            return columns.isEmpty() ? "" : columns.stream().map(SqlQuote::ident).collect(Collectors.joining(", ", " (", ")"));
        }
    }

    private final SourceDatabase source;
    private final String psql;
    private final int jobs;
    private final Path workDir;

    /** {@code workDir}: where the copy's processes run (their working directory), in the pool. */
    TableDataCopy(SourceDatabase source, String psql, int jobs, Path workDir) {
        this.source = source;
        this.psql = psql;
        this.jobs = jobs;
        this.workDir = workDir;
    }

    /**
     * Copies the tables of this database, reading them in the source's exported snapshot, with up to
     * {@code jobs} workers; each worker gets its share of the tables up front, the biggest first, to
     * the worker with the least so far. A failure stops the other workers.
     */
    void copy(String database, String snapshotId, List<Table> tables, LocalServer server) {
        List<List<Table>> shares = shares(tables);
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, shares.size()),
                r -> new Thread(r, "table-copy-" + database));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<Table> share : shares) {
                running.add(workers.submit(() -> copyShare(database, snapshotId, share, server)));
            }
            for (Future<?> worker : running) {
                await(worker);
            }
        } finally {
            // a failed or interrupted copy: the other workers' processes are killed (Command does it
            // when its thread is interrupted) before the caller stops the restore server
            WorkerThreads.stop(workers, "the table copy's workers");
        }
    }

    private List<List<Table>> shares(List<Table> tables) {
        List<List<Table>> shares = new ArrayList<>();
        long[] load = new long[Math.min(jobs, tables.size())];
        for (int i = 0; i < load.length; i++) {
            shares.add(new ArrayList<>());
        }
        for (Table table : tables.stream().sorted(Comparator.comparingLong(Table::bytes).reversed()).toList()) {
            int least = 0;
            for (int i = 1; i < load.length; i++) {
                least = load[i] < load[least] ? i : least;
            }
            shares.get(least).add(table);
            // a table's fixed cost (two statements, a transaction) counts, so empty tables spread too
            load[least] += table.bytes() + 8192;
        }
        return shares;
    }

    private void copyShare(String database, String snapshotId, List<Table> share, LocalServer server) {
        // --echo-errors: a failure names the table whose COPY failed
        Command reader = source.command(psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--echo-errors", "-f", "-",
                "-d", source.connStrFor(database)).stdin(readerScript(snapshotId, share)).workDir(workDir);
        Command loader = server.psql().scriptCommand(database).workDir(workDir);
        try {
            reader.pipeTo(loader);
        } catch (CommandFailedException e) {
            throw new CommandFailedException("copying the rows of database " + database + " from the source failed: "
                    + e.getMessage(), e.exitCode());
        }
    }

    /**
     * The source side: the settings pg_dump reads data with (unambiguous dates and intervals,
     * floats exact, an error rather than rows hidden by row security), the snapshot, and for each
     * table the loader's statements around the rows. Each SELECT of a literal prints that text as a
     * line of the loader's script.
     */
    private static String readerScript(String snapshotId, List<Table> share) {
        StringBuilder script = new StringBuilder("""
                SET search_path = pg_catalog; SET DateStyle = ISO; SET IntervalStyle = postgres;
                SET extra_float_digits = 3; SET row_security = off; SET standard_conforming_strings = on;
                SET statement_timeout = 0; SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0;
                BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
                """);
        script.append("SET TRANSACTION SNAPSHOT ").append(SqlQuote.literal(snapshotId)).append(";\n");
        // the rows come in the source's encoding; the loader converts them, as pg_restore does
        script.append("SELECT 'SET client_encoding = ' || quote_literal(pg_client_encoding()) || ';';\n");
        for (Table table : share) {
            String target = table.qualifiedName() + table.columnList();
            script.append("SELECT ").append(SqlQuote.literal(
                    "BEGIN; TRUNCATE ONLY " + table.qualifiedName() + "; COPY " + target + " FROM STDIN FREEZE;")).append(";\n");
            script.append("COPY ").append(target).append(" TO STDOUT;\n");
            script.append("SELECT '\\.';\nSELECT 'COMMIT;';\n");
        }
        return script.append("COMMIT;\n").toString();
    }

    private static void await(Future<?> worker) {
        try {
            worker.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the tables were copied", e);
        }
    }
}
