package io.dblab.engine.retrieval;

import io.dblab.pg.process.CommandFailedException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A read-only transaction on one source database, held open while that database is copied, whose
 * snapshot the copy's other sessions import ({@code pg_dump --snapshot}, {@code SET TRANSACTION
 * SNAPSHOT}): everything they read is the data as of one moment, as with pg_dump's own workers.
 * The session is a psql that reads its SQL from a pipe, so it connects the way every other
 * retrieval tool does (libpq, the connection string, the password in the environment).
 */
final class SourceSnapshot implements AutoCloseable {
    /** Marks the end of a query's output: psql writes out each result as soon as it has it. */
    private static final String END_OF_RESULT = "dblab:end-of-result";
    private final Process session;
    private final Writer input;
    private final BufferedReader output;
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final String id;

    private SourceSnapshot(Process session) {
        this.session = session;
        this.input = new OutputStreamWriter(session.getOutputStream(), StandardCharsets.UTF_8);
        this.output = new BufferedReader(new InputStreamReader(session.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                session.getErrorStream().transferTo(errors);
            } catch (IOException ignored) {
                // the stream ends when the session ends
            }
        }, "source-snapshot-errors");
        reader.setDaemon(true);
        reader.start();
        // the source's own limits must not end a session that waits while the copy runs
        this.id = query("SET search_path = pg_catalog; SET statement_timeout = 0; SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0;"
                + " BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot()").get(0);
    }

    /** Opens the transaction on this database of the source and exports its snapshot. */
    static SourceSnapshot open(SourceDatabase source, String psql, String database) {
        Process session = source.command(psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-d", source.connStrFor(database)).start();
        try {
            return new SourceSnapshot(session);
        } catch (RuntimeException e) {
            session.destroyForcibly();
            throw e;
        }
    }

    /** The exported snapshot's name, for {@code pg_dump --snapshot} and {@code SET TRANSACTION SNAPSHOT}. */
    String id() {
        return id;
    }

    /** Runs SQL inside the transaction and returns the output lines of its results. */
    List<String> query(String sql) {
        try {
            input.write(sql + ";\nSELECT '" + END_OF_RESULT + "';\n");
            input.flush();
            List<String> lines = new ArrayList<>();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.equals(END_OF_RESULT)) {
                    return lines;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the session has ended: what it wrote on its way out says why
        }
        throw new CommandFailedException("psql on the source failed: " + failure(), -1);
    }

    private String failure() {
        try {
            session.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text = errors.toString(StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "the session ended" : text;
    }

    /** Ends the transaction; its snapshot and locks go with it. */
    @Override
    public void close() {
        try {
            input.write("COMMIT;\n");
            input.close();
            if (!session.waitFor(10, TimeUnit.SECONDS)) {
                session.destroyForcibly();
            }
        } catch (IOException e) {
            session.destroyForcibly();
        } catch (InterruptedException e) {
            session.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
