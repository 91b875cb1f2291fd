package io.dblab.bench;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What people do without thin clones, timed until the copy answers a query: a copy of the database
 * inside the source server ({@code createdb --template}), or a copy of the whole server
 * ({@code pg_basebackup} into a new directory, then start it).
 */
final class FullCopies {
    private static final OsUser POSTGRES = OsUser.forPostgres();
    private final PgCtl ctl = new PgCtl(PgInstallation.defaultInstallation(), POSTGRES);
    private final TestPostgres source;
    private final Path workDir;

    FullCopies(TestPostgres source, Path workDir) throws IOException {
        this.source = source;
        // ours: the copies' socket directories go into it
        this.workDir = Files.createDirectories(workDir);
    }

    /** The template must have no other sessions: nothing else connects to it here. */
    void createdbTemplate(String name) throws Exception {
        Command.of(RawServer.tool("createdb"), "-h", socketDir(), "-p", port(), "-U", "postgres",
                "-T", BenchSource.DATABASE, name).timeout(Duration.ofHours(1)).check();
        Jdbc.selectOne(source.port(), name, "postgres", TestPostgres.PASSWORD);
    }

    void dropdb(String name) {
        Command.of(RawServer.tool("dropdb"), "-h", socketDir(), "-p", port(), "-U", "postgres", "--if-exists", name)
                .timeout(Duration.ofMinutes(10)).check();
    }

    /** An empty data directory of the postgres OS user, who runs pg_basebackup, so that the copy is the server's. */
    RawServer prepareBasebackup(String name) {
        RawServer copy = new RawServer(workDir.resolve(name), FreePorts.next());
        ctl.createDataDir(copy.dataDir());
        return copy;
    }

    /** pg_basebackup (fast checkpoint, WAL streamed along), the clone settings, start, a query. */
    void basebackup(RawServer copy) throws Exception {
        Command.of(RawServer.tool("pg_basebackup"), "-D", copy.dataDir().toString(), "-h", socketDir(), "-p", port(),
                "-U", "postgres", "-c", "fast", "-X", "stream").asUser(POSTGRES).timeout(Duration.ofHours(1)).check();
        copy.start();
        Jdbc.selectOne(copy.port(), BenchSource.DATABASE, "postgres", TestPostgres.PASSWORD);
    }

    void removeBasebackup(RawServer copy) throws IOException {
        copy.stopImmediately();
        copy.deleteSocketDir();
        TempDirs.deleteRecursively(copy.dataDir());
    }

    private String socketDir() {
        return source.server().socketDir().toString();
    }

    private String port() {
        return Integer.toString(source.port());
    }
}
