package io.dblab.cli.demo;

import io.dblab.pg.server.Psql;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's sample database, a small online shop, loaded from {@code demo/sample-data.sql}. The
 * script is cut at its {@code -- step: <name>} lines and run one step per psql session, so that
 * progress can be reported while hundreds of megabytes are generated.
 */
final class SampleData {
    private static final String RESOURCE = "/demo/sample-data.sql";
    private static final String DATABASE = "postgres";
    private static final String STEP_MARKER = "-- step: ";

    private record Step(String name, String sql) {}

    private SampleData() {}

    /** Loads every step with row counts multiplied by {@code scale}; returns the database's size, like "311 MB". */
    static String load(Psql psql, double scale, PrintWriter out) {
        // psql substitutes the variable into the SQL text: plain notation, because 1.0E-4 would not parse there
        Map<String, String> variables = Map.of("scale", BigDecimal.valueOf(scale).toPlainString());
        for (Step step : steps()) {
            out.printf("  %-14s", step.name());
            out.flush();
            long started = System.nanoTime();
            try {
                psql.run(DATABASE, step.sql(), variables);
            } catch (RuntimeException e) {
                // ends the progress line, so that what follows does not read as part of it
                out.println("stopped");
                throw e;
            }
            out.printf("%6.1f s%n", (System.nanoTime() - started) / 1e9);
            out.flush();
        }
        return psql.run(DATABASE, "SELECT pg_size_pretty(pg_database_size(current_database()))").strip();
    }

    /** The script's steps in order; the comment lines before the first step are not part of any. */
    private static List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        String name = null;
        StringBuilder sql = new StringBuilder();
        for (String line : script().split("\n", -1)) {
            if (line.startsWith(STEP_MARKER)) {
                if (name != null) {
                    steps.add(new Step(name, sql.toString()));
                }
                name = line.substring(STEP_MARKER.length()).strip();
                sql.setLength(0);
            } else if (name != null) {
                sql.append(line).append('\n');
            }
        }
        if (name != null) {
            steps.add(new Step(name, sql.toString()));
        }
        return steps;
    }

    private static String script() {
        try (InputStream in = SampleData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
