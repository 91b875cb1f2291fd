package io.dblab.bench;

import io.dblab.pg.auth.ScramVerifier;
import io.dblab.pg.process.Command;
import io.dblab.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The raw floor: the least any thin clone needs, done by hand on the engine's own pool and snapshot.
 * A writable btrfs snapshot, pg_ctl start with clone settings, the user's role from a SCRAM verifier,
 * a pgjdbc connection. The engine's figures are divided by these.
 */
final class FloorClones {
    private final Path snapshot;
    private final Path clonesDir;
    private final String database;
    private final String user;
    private final String password;

    /**
     * @param clonesDir a directory on the pool's btrfs file system (so snapshots into it are CoW) that
     *                  the engine does not manage; the servers' socket directories go into it as well
     */
    FloorClones(Path snapshot, Path clonesDir, String database, String user, String password) throws IOException {
        this.snapshot = snapshot;
        this.clonesDir = Files.createDirectories(clonesDir);
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /** A clone's server, not started yet: the port is taken outside the engine's port pool. */
    RawServer prepare(String name) {
        int port = FreePorts.next();
        return new RawServer(clonesDir.resolve(name), port);
    }

    /** Everything create() times: snapshot, start, role, connection. */
    void create(RawServer server) throws Exception {
        Command.of("btrfs", "subvolume", "snapshot", snapshot.toString(), server.dataDir().toString()).check();
        server.start();
        // the verifier is computed here because the engine computes one for every request too
        server.psql("CREATE ROLE " + user + " LOGIN SUPERUSER PASSWORD '" + ScramVerifier.compute(password) + "';");
        Jdbc.awaitSelectOne(server.port(), database, user, password, Duration.ofMinutes(1));
    }

    /** What a reset must do at least: throw the data away and create again; same port, same user. */
    void reset(RawServer server) throws Exception {
        server.stopImmediately();
        Command.of("btrfs", "subvolume", "delete", server.dataDir().toString()).check();
        create(server);
    }

    void destroy(RawServer server) throws IOException {
        server.stopImmediately();
        if (Files.exists(server.dataDir())) {
            Command.of("btrfs", "subvolume", "delete", server.dataDir().toString()).check();
        }
        server.deleteSocketDir();
    }

    /** Not timed: runs SQL in the clone as its user (before a reset, {@link Dataset#dirtySql()}). */
    void execute(RawServer server, String sql) throws Exception {
        Jdbc.execute(server.port(), database, user, password, sql);
    }
}
