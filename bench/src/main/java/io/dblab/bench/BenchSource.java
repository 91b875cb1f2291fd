package io.dblab.bench;

import io.dblab.pg.process.Command;
import io.dblab.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The source server the engines retrieve from: a PostgreSQL with the database {@value #DATABASE}
 * filled by {@code pgbench -i -s <scale>}. Its directory lies under java.io.tmpdir, which the scripts
 * point into their work directory. Replication over its socket is trusted (every server the
 * project starts gets {@code local replication all trust}), so physical retrieval and
 * pg_basebackup can copy it.
 */
final class BenchSource implements AutoCloseable {
    static final String DATABASE = "bench";
    /** Touches a few pages of the biggest table, so that a reset has changed data to throw away. */
    static final String DIRTY_SQL = "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= 1000";

    private final int scale;
    private final TestPostgres postgres;
    private final long databaseBytes;

    private BenchSource(int scale, TestPostgres postgres, long databaseBytes) {
        this.scale = scale;
        this.postgres = postgres;
        this.databaseBytes = databaseBytes;
    }

    /** @param scale pgbench scale: 10 is about 150 MB, 100 about 1.5 GB */
    static BenchSource start(int scale) {
        TestPostgres postgres = TestPostgres.start(Map.of("max_wal_size", "4GB"));
        try {
            postgres.psql().run("postgres", "CREATE DATABASE " + DATABASE + ";");
            Log.log("source: pgbench -i -s %d", scale);
            Command.of(pgbench(postgres, "-i", "-q", "-s", Integer.toString(scale))).timeout(Duration.ofHours(1)).check();
            long bytes = Long.parseLong(postgres.psql().run("postgres",
                    "SELECT pg_database_size('" + DATABASE + "')").strip());
            Log.log("source: database %s is %d MB", DATABASE, bytes >> 20);
            return new BenchSource(scale, postgres, bytes);
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

    int scale() {
        return scale;
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

    private static List<String> pgbench(TestPostgres postgres, String... options) {
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
        return "source (scale " + scale + ")";
    }
}
