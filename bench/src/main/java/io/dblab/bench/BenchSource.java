package io.dblab.bench;

import io.dblab.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source server the engines retrieve from: a PostgreSQL with the database {@value #DATABASE}
 * filled with a {@link Dataset}. Its directory lies under java.io.tmpdir, which the scripts
 * point into their work directory. Replication over its socket is trusted (every server the
 * project starts gets {@code local replication all trust}), so physical retrieval and
 * pg_basebackup can copy it.
 */
final class BenchSource implements AutoCloseable {
    static final String DATABASE = "bench";

    private final Dataset dataset;
    private final TestPostgres postgres;
    private final long databaseBytes;

    private BenchSource(Dataset dataset, TestPostgres postgres, long databaseBytes) {
        this.dataset = dataset;
        this.postgres = postgres;
        this.databaseBytes = databaseBytes;
    }

    static BenchSource start(Dataset dataset) {
        Map<String, String> settings = new HashMap<>(dataset.sourceSettings());
        settings.put("max_wal_size", "4GB"); // loads faster
        TestPostgres postgres = TestPostgres.start(settings);
        try {
            postgres.psql().run("postgres", "CREATE DATABASE " + DATABASE + ";");
            Log.log("source: %s", dataset.title());
            dataset.fill(postgres);
            long bytes = Long.parseLong(postgres.psql().run("postgres",
                    "SELECT pg_database_size('" + DATABASE + "')").strip());
            Log.log("source: database %s is %d MB", DATABASE, bytes >> 20);
            return new BenchSource(dataset, postgres, bytes);
        } catch (RuntimeException | Error e) {
            postgres.close();
            throw e;
        }
    }

    /**
     * PostgreSQL's default max_wal_size again: the source was started with more, to load faster, and
     * ALTER SYSTEM overrides that. Under write load, physical snapshots replay the WAL written since
     * the source's last checkpoint, which this bounds.
     */
    void useDefaultCheckpointSettings() {
        postgres.psql().run("postgres", "ALTER SYSTEM SET max_wal_size = '1GB'; SELECT pg_reload_conf(); CHECKPOINT;");
    }

    Dataset dataset() {
        return dataset;
    }

    TestPostgres postgres() {
        return postgres;
    }

    long databaseBytes() {
        return databaseBytes;
    }

    /** The libpq connection string the engines get: the superuser over the private socket, trusted. */
    String connStr() {
        return "host=" + postgres.server().socketDir() + " port=" + postgres.port() + " user=postgres";
    }

    /** A pgbench command line against the database, over the socket, with these options. */
    List<String> pgbench(String... options) {
        return pgbench(postgres, options);
    }

    static List<String> pgbench(TestPostgres postgres, String... options) {
        List<String> command = new ArrayList<>(List.of(RawServer.tool("pgbench")));
        command.addAll(List.of(options));
        command.addAll(List.of("-h", postgres.server().socketDir().toString(), "-p", Integer.toString(postgres.port()),
                "-U", "postgres", DATABASE));
        return command;
    }

    @Override
    public void close() {
        postgres.close();
    }

    @Override
    public String toString() {
        return "source (" + dataset.title() + ")";
    }
}
