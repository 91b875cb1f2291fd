package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.process.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Physical retrieval: a streaming standby of a real source, snapshots from promoted copies. */
class PhysicalRetrievalTest {
    private static final String PASSWORD = "Physical-Standby-6612-xyzzy";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16500, 16519).physical());
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
        assertThat(engine.poolRoot().resolve("clones").toFile().list()).containsExactlyInAnyOrder("phys1", "phys2");
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

    @Test
    void halfMadeSnapshotWorkIsRemovedAtTheNextStart() {
        List<String> before = engine.client().snapshots().stream().map(Snapshot::id).toList();
        engine.stopEngine();
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
    }

    private static void awaitSync(String code) {
        engine.awaitSync(code);
    }

    private static long count(Clone clone, String sql) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, PASSWORD); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
