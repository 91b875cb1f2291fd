package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.LocalServer;
import io.dblab.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Physical retrieval: a streaming standby of a real source, snapshots from promoted copies. */
class PhysicalRetrievalTest {
    private static final String PASSWORD = "Physical-Standby-6612-xyzzy";
    /** Set by engine/pom.xml: the source's password, as an engine has it in its environment. */
    private static final String PASSWORD_ENV = "DBLAB_TEST_SOURCE_PASSWORD";
    private static final Pattern PASSFILE = Pattern.compile("passfile=''([^']+)''");
    /** What btrfs counts as exclusive to a snapshot that shares all its data: its own tree root. */
    private static final long EMPTY_SUBVOLUME = 16384;
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16500, 16519).physical().withSourcePasswordEnv(PASSWORD_ENV));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void standbyFollowsTheSourceAndSnapshotsCaptureItsState() throws Exception {
        Snapshot first = engine.client().snapshots().get(0);
        assertThat(engine.client().retrieval().mode()).isEqualTo("physical");
        Clone before = engine.createClone("phys1", "pat", PASSWORD, false);
        assertThat(count(before, "SELECT count(*) FROM customers")).isEqualTo(2000);
        assertThat(Files.readString(engine.poolRoot().resolve("clones/phys1/dblab-server.log")))
                .doesNotContain("not properly shut down").doesNotContain("redo starts");

        engine.source().psql().run("postgres",
                "INSERT INTO customers (email, name) SELECT 'new' || g || '@example.com', 'New' FROM generate_series(1, 500) g");
        Instant inserted = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> "OK".equals(engine.syncCode())
                && ((Number) engine.synchronization().get("replicationLagBytes")).longValue() == 0);

        Snapshot second = engine.client().createSnapshot(null);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(Instant.parse(second.dataStateAt())).isAfter(inserted.minusSeconds(5));
        engine.client().createClone(new io.dblab.client.model.CloneRequest("phys2", null,
                new io.dblab.client.model.CloneRequest.DbRequest("quinn", PASSWORD, false, null),
                new io.dblab.client.model.CloneRequest.SnapshotRef(second.id()), null, null));
        Clone after = engine.awaitStatus("phys2", "OK");
        assertThat(count(after, "SELECT count(*) FROM customers")).isEqualTo(2500);
        assertThat(count(before, "SELECT count(*) FROM customers")).isEqualTo(2000);
        assertThat(count(after, "SELECT count(*) FROM pg_roles WHERE rolname = 'app_user'")).isEqualTo(1);
        // the promotion copy ran without durability; its settings must not reach the snapshot or clones
        assertThat(Files.readString(engine.poolRoot().resolve("snapshots").resolve(second.id().substring(second.id().indexOf('@') + 1)).resolve("postgresql.dblab.conf")))
                .doesNotContain("fsync").doesNotContain("shared_buffers");
        assertThat(count(after, "SELECT count(*) FROM pg_settings WHERE name IN ('fsync', 'full_page_writes') AND setting = 'on'"))
                .isEqualTo(2);
        try {
            java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + after.db().port() + "/postgres",
                    "app_user", "production-secret-pw").close();
            throw new AssertionError("a production password worked on a clone");
        } catch (SQLException expected) {
            assertThat(expected.getMessage()).contains("password authentication failed");
        }
        assertThat(engine.poolRoot().resolve("snapshots").toFile().list()).noneMatch(n -> n.endsWith("_pre"));
        assertThat(engine.cloneDirs()).containsExactlyInAnyOrder("phys1", "phys2");
        engine.client().destroyClone("phys1");
        engine.client().destroyClone("phys2");
        engine.awaitGone("phys1");
        engine.awaitGone("phys2");
    }

    @Test
    void brokenReplicationIsAnAlertAndRecovers() {
        awaitSync("OK");
        engine.source().server().stop("fast");
        awaitSync("NOT_STREAMING");
        assertThat(engine.client().retrieval().alerts()).containsKey("sync_failed");
        assertThat(engine.client().retrieval().alerts().get("sync_failed").message()).contains("keeps retrying");
        engine.source().server().start("127.0.0.1", Map.of(), Duration.ofSeconds(60));
        awaitSync("OK");
        // the view and the alerts come from the same check: streaming again means the alert is gone
        assertThat(engine.client().retrieval().alerts()).doesNotContainKey("sync_failed");
    }

    /**
     * With the source idle after one commit: {@code /status.synchronization} reports the source's WAL
     * position as replayed with no lag, and {@code POST /snapshot} stamps {@code dataStateAt} with that
     * commit's time, not the snapshot's, and reports the snapshot's sizes from the pool.
     */
    @Test
    void idleSourceSnapshotCarriesTheLastCommitTimeAndSyncShowsNoLag() throws Exception {
        // nothing but this test's commit may reach the source meanwhile; autovacuum would commit too
        onSource("ALTER SYSTEM SET autovacuum = off; SELECT pg_reload_conf()");
        try {
            Instant committed;
            try (Connection c = DriverManager.getConnection(engine.source().jdbcUrl("postgres"), "postgres",
                    TestPostgres.PASSWORD); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("INSERT INTO customers (email, name) VALUES ('idle@example.com', 'Idle')");
                try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
                    rs.next();
                    committed = rs.getTimestamp(1).toInstant();
                }
                c.commit();
            }
            String nextXid = onSource("SELECT txid_snapshot_xmax(txid_current_snapshot())");
            String committedLsn = onSource("SELECT pg_current_wal_lsn()");
            // caught up, and the commit a few seconds old: a snapshot stamped "now" would show it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "OK".equals(engine.syncCode()) && Instant.now().isAfter(committed.plusSeconds(3))
                            && "t".equals(onSource("SELECT '" + engine.synchronization().get("lastReplayedLsn")
                                    + "'::pg_lsn >= '" + committedLsn + "'::pg_lsn")));
            Map<?, ?> sync = engine.synchronization();
            assertThat(Long.parseLong(onSource("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '"
                    + sync.get("lastReplayedLsn") + "')"))).isGreaterThanOrEqualTo(0);
            assertThat(((Number) sync.get("replicationLagBytes")).longValue()).isZero();
            assertThat(sync.get("replicationLag")).isInstanceOfSatisfying(Number.class,
                    lag -> assertThat(lag.longValue()).isGreaterThanOrEqualTo(0));
            assertThat(Instant.parse((String) sync.get("lastReplayedLsnAt")))
                    .isBetween(committed.minusSeconds(1), committed.plusSeconds(1));
            // the reference's dblab_sync_* metrics, from the same replication check
            assertThat(engine.metric("dblab_sync_status", "status", "OK")).isEqualTo(1);
            assertThat(engine.metric("dblab_sync_last_replayed_timestamp"))
                    .isCloseTo(committed.getEpochSecond(), offset(1.5));
            assertThat(engine.metric("dblab_sync_uptime_seconds")).isPositive();
            assertThat(engine.metric("dblab_sync_wal_lag_seconds")).isNotNegative();

            String requestedCheckpoints = onSource("SELECT checkpoints_req FROM pg_stat_bgwriter");
            Snapshot snapshot = engine.client().createSnapshot(null);
            // no transaction wrote to the source since the commit, the engine's own checks included
            assertThat(onSource("SELECT txid_snapshot_xmax(txid_current_snapshot())")).isEqualTo(nextXid);
            assertThat(onSource("SELECT checkpoints_req FROM pg_stat_bgwriter"))
                    .as("without retrieval.physical.checkpointSource, no checkpoint asked of the source")
                    .isEqualTo(requestedCheckpoints);
            Instant dataStateAt = Instant.parse(snapshot.dataStateAt());
            assertThat(dataStateAt).isBetween(committed.minusSeconds(1), committed.plusSeconds(1));
            assertThat(Instant.parse(snapshot.createdAt())).isAfterOrEqualTo(dataStateAt.plusSeconds(2));

            long sourceDatabases = Long.parseLong(onSource("SELECT sum(pg_database_size(datname)) FROM pg_database"));
            // the promoted copy's own pages count once the copy's subvolume is gone (btrfs drops it in the background)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Snapshot sized = engine.client().snapshot(snapshot.id());
                assertThat(sized.logicalSize()).isGreaterThanOrEqualTo(sourceDatabases);
                assertThat(sized.physicalSize()).isGreaterThan(EMPTY_SUBVOLUME).isLessThanOrEqualTo(sized.logicalSize());
            });
        } finally {
            onSource("ALTER SYSTEM RESET autovacuum; SELECT pg_reload_conf()");
        }
    }

    /**
     * The standby's password file: readable by the pool's OS user alone, outside the pool (whose
     * servers, clones included, read files there), and gone once the engine has stopped.
     */
    @Test
    void theStandbysPasswordFileIsPrivateOutsideThePoolAndGoneAfterTheEngineStops() throws Exception {
        String settings = Files.readString(engine.poolRoot().resolve("data").resolve(LocalServer.SETTINGS_FILE));
        Matcher passfile = PASSFILE.matcher(settings);
        assertThat(passfile.find()).as("a passfile in the standby's primary_conninfo: " + settings).isTrue();
        Path file = Path.of(passfile.group(1));
        assertThat(file.startsWith(engine.poolRoot())).as(file + " under the pool root").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.getOwner(file).getName()).isEqualTo(OsUser.forPostgres().name());
        assertThat(Files.getOwner(file.getParent()).getName()).isEqualTo(OsUser.forPostgres().name());
        assertThat(Files.readString(file)).contains(System.getenv(PASSWORD_ENV));
        try (Stream<Path> pool = Files.walk(engine.poolRoot())) {
            assertThat(pool.filter(p -> p.getFileName().toString().contains("pgpass"))).isEmpty();
        }

        engine.stopEngine();
        try {
            assertThat(file).doesNotExist();
            try (Stream<Path> left = Files.list(file.getParent())) {
                assertThat(left).isEmpty();
            }
        } finally {
            engine.startEngine();
            awaitSync("OK");
        }
    }

    /**
     * Also: with an idle source, the restarted standby replays no transaction, and a snapshot then
     * must not claim the data of the moment it was taken (dataStateAt after the restart).
     */
    @Test
    void halfMadeSnapshotWorkIsRemovedAtTheNextStart() {
        List<String> before = engine.client().snapshots().stream().map(Snapshot::id).toList();
        onSource("ALTER SYSTEM SET autovacuum = off; SELECT pg_reload_conf()");
        try {
            restartWithHalfMadeSnapshotWork(before);
        } finally {
            onSource("ALTER SYSTEM RESET autovacuum; SELECT pg_reload_conf()");
        }
    }

    private void restartWithHalfMadeSnapshotWork(List<String> before) {
        engine.stopEngine();
        Instant stopped = Instant.now();
        // what a kill in the middle of a physical snapshot leaves: the intermediate snapshot and its promotion copy
        // (the engine unmounted its pool when it stopped; mount it to plant them, the next start adopts the mount)
        Path root = engine.poolRoot();
        Command.of("mount", "-o", "loop", engine.config().poolManager().pools().get(0).imageFile(), root.toString()).check();
        Command.of("btrfs", "subvolume", "snapshot", "-r", root.resolve("data").toString(),
                root.resolve("snapshots/snapshot_20990101000000_pre").toString()).check();
        Command.of("btrfs", "subvolume", "snapshot", root.resolve("snapshots/snapshot_20990101000000_pre").toString(),
                root.resolve("clones/promote_20990101000000").toString()).check();
        engine.startEngine();
        engine.awaitSnapshot();
        assertThat(root.resolve("snapshots").toFile().list()).noneMatch(n -> n.endsWith("_pre"));
        assertThat(root.resolve("clones").toFile().list()).doesNotContain("promote_20990101000000");
        assertThat(engine.client().snapshots().stream().map(Snapshot::id).toList()).isEqualTo(before);
        awaitSync("OK");
        Snapshot idle = engine.client().createSnapshot(null);
        assertThat(Instant.parse(idle.dataStateAt())).isBefore(stopped);
    }

    private static void awaitSync(String code) {
        engine.awaitSync(code);
    }

    /** One row, one column of a query on the source. */
    private static String onSource(String sql) {
        return engine.source().psql().run("postgres", sql).strip();
    }

    private static long count(Clone clone, String sql) throws SQLException {
        return EngineFixture.queryLong(clone, PASSWORD, sql);
    }
}
