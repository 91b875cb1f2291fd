package io.dblab.bench;

import io.dblab.engine.retrieval.LogicalRetrieval;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A logical copy made by hand, as users do without the engine: {@code pg_dump -Fd -j N} of the source
 * database into a directory, then {@code initdb}, start a fresh server, {@code CREATE DATABASE} and
 * {@code pg_restore -j N} into it; each step timed on its own, and ANALYZE ({@code vacuumdb
 * --analyze-only -j N}, which the engine runs too) timed after them. Same tools, flags and server
 * settings as the engine's logical retrieval, on the same file system and laid out alike (the dump
 * in a directory of the pool's top subvolume, the cluster in a btrfs subvolume of its own), so that
 * the difference is what the engine adds. On btrfs, where the cluster lies matters: initdb's fsyncs
 * took 1 s in a new subvolume and up to 6 s in a directory of the pool's busy top subvolume.
 */
final class LogicalBaseline {
    private static final OsUser POSTGRES = OsUser.forPostgres();
    /**
     * The commands of the engine's refresh that do what the copy by hand does, for the baseline's
     * time: the engine's copy of the rows does what pg_dump and pg_restore do with them.
     */
    static final List<String> SHARED_COMMANDS = List.of("pg_dump", "initdb", "pg_ctl start", CommandTrace.COPY_OF_ROWS,
            "pg_restore");

    /** One copy by hand, in milliseconds per step. */
    record Run(double dump, double initdb, double start, double restore, double analyze) {
        /** The baseline as defined: dump + initdb + start + restore, without ANALYZE. */
        double total() {
            return dump + initdb + start + restore;
        }

        double withAnalyze() {
            return total() + analyze;
        }
    }

    private final BenchSource source;
    private final Path workDir;
    private final int jobs;
    private final Map<String, String> serverSettings;
    private final PgCtl ctl = new PgCtl(PgInstallation.defaultInstallation(), POSTGRES);

    /**
     * @param workDir a directory of ours for the dump, the new cluster and its socket directory
     * @param jobs    pg_dump, pg_restore and vacuumdb jobs, as the engine's retrieval.parallelJobs
     */
    LogicalBaseline(BenchSource source, Path workDir, int jobs) throws IOException {
        this.source = source;
        this.workDir = Files.createDirectories(workDir);
        this.jobs = jobs;
        this.serverSettings = new LinkedHashMap<>(engineRestoreSettings());
        // the engine's restore server listens on its socket only
        serverSettings.put("listen_addresses", "");
    }

    /** The settings the engine's restore server gets (fsync off, wal_level minimal …), sorted by name. */
    Map<String, String> serverSettings() {
        return new TreeMap<>(serverSettings);
    }

    /**
     * Dump, initdb, start, restore, ANALYZE. Before (not timed) the cluster's empty subvolume is made,
     * as the engine makes its data subvolume; after (not timed) the server is stopped and everything deleted.
     */
    Run run(String name) throws Exception {
        Path dump = workDir.resolve(name + "-dump");
        Path data = workDir.resolve(name + "-data");
        int port = FreePorts.next();
        RawServer server = new RawServer(data, port);
        String socket = server.socketDir().toString();
        Command.of("btrfs", "subvolume", "create", data.toString()).check();
        try {
            POSTGRES.own(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            // --no-sync as the engine's pg_dump: the dump is read back at once and deleted afterwards
            double dumpMillis = Sample.millisOf(() -> Command.of(tool("pg_dump"), "-Fd", "-j", Integer.toString(jobs),
                    "--no-sync", "-f", dump.toString(), "-d", source.connStr() + " dbname=" + BenchSource.DATABASE)
                    .timeout(Duration.ofHours(2)).check());
            double initdbMillis = Sample.millisOf(() -> ctl.initdb(data));
            double startMillis = Sample.millisOf(() -> server.start(serverSettings));
            double restoreMillis = Sample.millisOf(() -> {
                server.psql("CREATE DATABASE " + BenchSource.DATABASE + ";");
                Command.of(tool("pg_restore"), "-j", Integer.toString(jobs), "--no-tablespaces", "-h", socket,
                        "-p", Integer.toString(port), "-U", "postgres", "-d", BenchSource.DATABASE, dump.toString())
                        .timeout(Duration.ofHours(2)).check();
            });
            double analyzeMillis = Sample.millisOf(() -> Command.of(tool("vacuumdb"), "--analyze-only",
                    "-j", Integer.toString(jobs), "-h", socket, "-p", Integer.toString(port), "-U", "postgres",
                    "-d", BenchSource.DATABASE)
                    .timeout(Duration.ofHours(2)).check());
            return new Run(dumpMillis, initdbMillis, startMillis, restoreMillis, analyzeMillis);
        } finally {
            server.stopImmediately();
            server.deleteSocketDir();
            TempDirs.deleteRecursively(dump);
            Command.of("btrfs", "subvolume", "delete", data.toString()).check();
        }
    }

    /**
     * Read from the engine rather than copied, so that the baseline keeps the engine's settings when
     * they change; fails loudly when the constant is gone.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> engineRestoreSettings() {
        try {
            Field field = LogicalRetrieval.class.getDeclaredField("RESTORE_SETTINGS");
            field.setAccessible(true);
            return new TreeMap<>((Map<String, String>) field.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read LogicalRetrieval.RESTORE_SETTINGS (the engine's restore server"
                    + " settings); give the baseline the engine's settings again: " + e, e);
        }
    }

    private static String tool(String name) {
        return RawServer.tool(name);
    }
}
