package io.dblab.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.server.LocalServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks from inside a clone, as its own superuser with {@code COPY … PROGRAM}: the shell it gets
 * runs as the clone's identity, which reaches no other clone, no pool data, no snapshot and no
 * other server's socket, and leaves nothing behind for the next clone on its port.
 */
class CloneIsolationTest {
    private static final String PASSWORD = "Isolation-Pass-4471-quartz";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17300, 17309));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aCloneSuperuserReachesNothingButItsOwnClone() throws Exception {
        Clone alice = engine.createClone("iso-alice", "alice", PASSWORD, false);
        Clone bob = engine.createClone("iso-bob", "bob", PASSWORD, false);
        Path pool = engine.poolRoot();
        Path bobData = pool.resolve("clones/iso-bob");
        Path bobSocket = LocalServer.socketDirOf(bobData, Integer.parseInt(bob.db().port()));
        assertThat(bobSocket).startsWith(pool).isDirectory();
        long bobPostmaster = Long.parseLong(Files.readAllLines(bobData.resolve("postmaster.pid")).get(0).strip());
        try (Connection c = EngineFixture.connect(alice, PASSWORD)) {
            String uid = shell(c, "id -u");
            assertThat(uid).isNotIn("0", shell(c, "id -u postgres"));
            assertThat(shell(c, "stat -c %u " + pool.resolve("clones/iso-alice"))).isEqualTo(uid);

            assertThat(shell(c, "ls " + bobData)).contains("Permission denied");
            assertThat(shell(c, "cat " + pool.resolve("data/PG_VERSION"))).contains("Permission denied");
            assertThat(shell(c, "echo \"restore_command = 'id'\" >> " + pool.resolve("data/postgresql.auto.conf")))
                    .contains("Permission denied");
            assertThat(shell(c, "ls " + pool.resolve("snapshots"))).contains("Permission denied");
            assertThat(shell(c, "ls " + pool.resolve("clones"))).contains("Permission denied");
            assertThat(shell(c, "psql -h " + bobSocket + " -p " + bob.db().port() + " -U postgres -c 'SELECT 1'"))
                    .contains("Permission denied").doesNotContain("(1 row)");
            assertThat(shell(c, "kill -0 " + bobPostmaster)).contains("Operation not permitted");
            assertThat(shell(c, "cat /proc/" + bobPostmaster + "/environ")).contains("Permission denied");
            assertThat(Path.of("/tmp", "dblab-" + alice.db().port())).doesNotExist();
            try (Connection b = EngineFixture.connect(bob, PASSWORD)) {
                assertThat(shell(b, "id -u")).isNotEqualTo(uid);
            }
        }
        engine.client().destroyClone("iso-alice");
        engine.client().destroyClone("iso-bob");
        engine.awaitGone("iso-alice");
        engine.awaitGone("iso-bob");
    }

    /** As the engine's own size measurement does with quotas off, walking every copy in the pool. */
    @Test
    void aCopyThatAnotherProcessHoldsForAMomentIsStillDestroyed() throws Exception {
        engine.createClone("iso-held", "hugo", PASSWORD, false);
        Path copy = engine.poolRoot().resolve("clones/iso-held");
        Process holder = new ProcessBuilder("sh", "-c", "cd " + copy + " && sleep 2").start();
        Path cwd = Path.of("/proc", Long.toString(holder.pid()), "cwd");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readSymbolicLink(cwd).equals(copy));
            engine.client().destroyClone("iso-held");
            engine.awaitGone("iso-held");
            assertThat(copy).doesNotExist();
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void nothingOfAnIdentityOutlivesItsClone() throws Exception {
        Clone clone = engine.createClone("iso-leftover", "carol", PASSWORD, false);
        String stash = "/tmp/iso-stash-" + UUID.randomUUID();
        int uid;
        String segment;
        try (Connection c = EngineFixture.connect(clone, PASSWORD)) {
            uid = Integer.parseInt(shell(c, "id -u"));
            shell(c, "setsid sleep 600 </dev/null >/dev/null 2>&1 &");
            shell(c, "echo stolen > " + stash);
            segment = shell(c, "ipcmk -M 4096").replaceAll("\\D", "");
        }
        assertThat(commandsOf(uid)).anyMatch(command -> command.contains("sleep"));
        assertThat(Path.of(stash)).exists();
        assertThat(sharedMemoryOf(uid)).contains(segment);

        engine.client().resetClone("iso-leftover", null);
        engine.awaitStatus("iso-leftover", "OK");
        assertThat(Path.of(stash)).doesNotExist();
        assertThat(commandsOf(uid)).noneMatch(command -> command.contains("sleep"));
        assertThat(sharedMemoryOf(uid)).doesNotContain(segment);

        engine.client().destroyClone("iso-leftover");
        engine.awaitGone("iso-leftover");
        assertThat(IdentitySweeper.processesOf(uid)).isEmpty();
        assertThat(engine.poolRoot().resolve("clones/iso-leftover")).doesNotExist();
    }

    @Test
    void aLinkPlantedWhereSocketsUsedToBeChangesNothing() throws Exception {
        Path target = Files.createTempFile("iso-target-", "");
        List<Path> planted = java.util.stream.IntStream.rangeClosed(17300, 17309)
                .mapToObj(port -> Path.of("/tmp", "dblab-" + port)).toList();
        try {
            for (Path link : planted) {
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, target);
            }
            Clone clone = engine.createClone("iso-link", "dave", PASSWORD, false);
            assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(0);
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertThat(EngineFixture.queryLong(clone, PASSWORD, "SELECT 1")).isEqualTo(1);
            engine.client().destroyClone("iso-link");
            engine.awaitGone("iso-link");
        } finally {
            for (Path link : planted) {
                Files.deleteIfExists(link);
            }
            Files.deleteIfExists(target);
        }
    }

    @Test
    void linksACloneLeavesInItsDataDirectoryAreNeverFollowedByTheEngine() throws Exception {
        Path canary = Files.createTempFile("iso-canary-", "");
        try {
            Files.writeString(canary, "canary\n");
            Clone clone = engine.createClone("iso-links", "erin", PASSWORD, false);
            try (Connection c = EngineFixture.connect(clone, PASSWORD)) {
                // the engine writes these files as root at every start of a server on a copy; a
                // program runs in the data directory
                for (String file : List.of("pg_hba.conf", "pg_ident.conf", LocalServer.SETTINGS_FILE)) {
                    assertThat(shell(c, "rm -f " + file + " && ln -s " + canary + " " + file + " && echo linked"))
                            .isEqualTo("linked");
                }
            }
            String commit = engine.client().commit("iso-links", "links in place of config files").snapshotID();
            Clone fromCommit = engine.createClone("iso-links-2", "frank", PASSWORD, false, commit);
            assertThat(EngineFixture.queryLong(fromCommit, PASSWORD, "SELECT 1")).isEqualTo(1);
            assertThat(Files.readString(canary)).isEqualTo("canary\n");
            assertThat(Files.isSymbolicLink(engine.poolRoot().resolve("clones/iso-links-2/pg_hba.conf"))).isFalse();
            for (String id : List.of("iso-links", "iso-links-2")) {
                engine.client().destroyClone(id);
                engine.awaitGone(id);
            }
        } finally {
            Files.deleteIfExists(canary);
        }
    }

    @Test
    void aCommitCarriesDataNotTheCommittersServerConfiguration() throws Exception {
        Path poisoned = Path.of("/tmp", "iso-poisoned-" + UUID.randomUUID());
        Clone committer = engine.createClone("iso-poison", "grace", PASSWORD, false);
        try (Connection c = EngineFixture.connect(committer, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE committed_data AS SELECT 42 AS answer");
            st.execute("ALTER SYSTEM SET restore_command = 'touch " + poisoned + "'");
            st.execute("ALTER SYSTEM SET shared_preload_libraries = 'no_such_library'");
            assertThat(shell(c, "touch recovery.signal && echo \"archive_command = 'touch " + poisoned
                    + "'\" >> postgresql.conf && echo done")).isEqualTo("done");
        }
        String commit = engine.client().commit("iso-poison", "data and a poisoned configuration").snapshotID();
        Clone teammate = engine.createClone("iso-teammate", "heidi", PASSWORD, false, commit);
        try (Connection c = EngineFixture.connect(teammate, PASSWORD); Statement st = c.createStatement()) {
            assertThat(EngineFixture.queryLong(teammate, PASSWORD, "SELECT answer FROM committed_data")).isEqualTo(42);
            for (String setting : List.of("restore_command", "archive_command", "shared_preload_libraries")) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).doesNotContain("iso-poisoned").doesNotContain("no_such");
                }
            }
        }
        assertThat(poisoned).doesNotExist();
        assertThat(engine.poolRoot().resolve("clones/iso-teammate/recovery.signal")).doesNotExist();
        for (String id : List.of("iso-poison", "iso-teammate")) {
            engine.client().destroyClone(id);
            engine.awaitGone(id);
        }
    }

    /** Runs a shell command as the clone's server (COPY FROM PROGRAM) and returns its output and errors. */
    static String shell(Connection c, String command) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS shell_out (line text)");
            st.execute("TRUNCATE shell_out");
            st.execute("COPY shell_out FROM PROGRAM '(" + command.replace("'", "''")
                    + ") 2>&1; true' WITH (FORMAT text, DELIMITER E'\\x01')");
            try (ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(line, E'\\n'), '') FROM shell_out")) {
                rs.next();
                return rs.getString(1).strip();
            }
        }
    }

    /** Ids of System V shared memory segments the identity owns, from /proc/sysvipc/shm. */
    private static List<String> sharedMemoryOf(int uid) throws IOException {
        return Files.readAllLines(Path.of("/proc/sysvipc/shm")).stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(row -> row[7].equals(Integer.toString(uid))).map(row -> row[1]).toList();
    }

    private static List<String> commandsOf(int uid) {
        return IdentitySweeper.processesOf(uid).stream().map(pid -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", pid.toString(), "cmdline"))).replace('\0', ' ');
            } catch (IOException e) {
                return "";
            }
        }).toList();
    }
}
