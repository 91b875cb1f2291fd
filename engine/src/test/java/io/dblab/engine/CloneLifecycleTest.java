package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Snapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clones from a logically retrieved snapshot on a real btrfs pool, through the real API. */
class CloneLifecycleTest {
    private static final String PASSWORD = "Lifecycle-Pass-8842-xyzzy";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(16100, 16119, "1GiB", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void retrievalMakesASnapshotWithTheSourceData() {
        List<Snapshot> snapshots = engine.client().snapshots();
        assertThat(snapshots).hasSize(1);
        Snapshot snapshot = snapshots.get(0);
        assertThat(snapshot.id()).matches("pool1@snapshot_\\d{14}");
        assertThat(snapshot.pool()).isEqualTo("pool1");
        assertThat(snapshot.dataStateAt()).isNotEmpty();
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
        // logicalSize is all the snapshot holds: the restored databases (within what a fresh restore saves
        // on bloat) and more; physicalSize what it alone holds, never more than that: nothing yet, with
        // btrfs filesystem du, while the pool's data directory shares every block (as a fresh ZFS
        // snapshot's "used" is 0 under the reference engine)
        long sourceDatabases = Long.parseLong(engine.source().psql()
                .run("postgres", "SELECT sum(pg_database_size(datname)) FROM pg_database").strip());
        // sizes come from the pool's last measurement, renewed in the background after a change
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Snapshot sized = engine.client().snapshot(snapshot.id());
            assertThat(sized.logicalSize()).isGreaterThanOrEqualTo(sourceDatabases * 9 / 10);
            assertThat(sized.physicalSize()).isNotNegative().isLessThanOrEqualTo(sized.logicalSize());
        });
    }

    @Test
    void cloneServesTheDataAndResetBringsItBack() throws SQLException {
        Clone clone = engine.createClone("life1", "alice", PASSWORD, false);
        assertThat(clone.db().password()).isEmpty();
        assertThat(clone.db().connStr()).isEqualTo("host=127.0.0.1 port=" + clone.db().port() + " user=alice dbname=postgres");
        assertThat(Integer.parseInt(clone.db().port())).isBetween(16100, 16119);
        assertThat(clone.metadata().cloningTime()).isPositive();
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM orders")).isEqualTo(20000);
            assertThat(bool(st, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isTrue();
            assertThat(scalar(st, "SHOW shared_buffers")).isEqualTo("16MB");
            st.execute("DROP TABLE orders CASCADE");
        }
        engine.client().resetClone("life1", new ResetRequest(null, null));
        Clone reset = engine.awaitStatus("life1", "OK");
        assertThat(reset.db().port()).isEqualTo(clone.db().port());
        try (Connection c = EngineFixture.connect(reset, PASSWORD); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM orders")).isEqualTo(20000);
        }
        engine.client().destroyClone("life1");
        engine.awaitGone("life1");
        assertThatThrownBy(() -> EngineFixture.connect(clone, PASSWORD)).isInstanceOf(SQLException.class);
    }

    @Test
    void restrictedUserOwnsTheObjectsButIsNoSuperuser() throws SQLException {
        Clone clone = engine.createClone("restricted1", "bob", PASSWORD, true);
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            assertThat(bool(st, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isFalse();
            assertThat(scalar(st, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).isEqualTo("bob");
            assertThat(scalar(st, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'postgres'"))
                    .isEqualTo("bob");
            st.execute("ALTER TABLE orders ADD COLUMN note text");
            assertThat(count(st, "SELECT count(*) FROM big_orders")).isPositive();
            assertThat(count(st, "SELECT order_count(1)")).isPositive();
            assertThatThrownBy(() -> st.execute("COPY (SELECT 1) TO PROGRAM 'id'")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.executeQuery("SELECT pg_read_file('/etc/passwd')")).isInstanceOf(SQLException.class);
        }
        engine.client().destroyClone("restricted1");
        engine.awaitGone("restricted1");
    }

    @Test
    void otherLoginRolesCannotUseTheirProductionPasswords() throws SQLException {
        Clone clone = engine.createClone("roles1", "carol", PASSWORD, false);
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + clone.db().port() + "/postgres", "app_user", "production-secret-pw"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        engine.client().destroyClone("roles1");
        engine.awaitGone("roles1");
    }

    @Test
    void protectedCloneIsNotDestroyedUntilUnprotected() {
        engine.createClone("prot1", "dave", PASSWORD, false);
        assertThat(engine.client().updateClone("prot1", true).isProtected()).isTrue();
        assertThatThrownBy(() -> engine.client().destroyClone("prot1"))
                .isInstanceOfSatisfying(DblabApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("protected");
                });
        engine.client().updateClone("prot1", false);
        engine.client().destroyClone("prot1");
        engine.awaitGone("prot1");
    }

    @Test
    void statusReportsPoolFiguresAndClones() throws SQLException {
        Clone clone = engine.createClone("stat1", "erin", PASSWORD, false);
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE filler AS SELECT g, repeat('x', 500) AS pad FROM generate_series(1, 20000) g");
            st.execute("CHECKPOINT");
        }
        InstanceStatus status = engine.client().status();
        assertThat(status.status().code()).isEqualTo("OK");
        InstanceStatus.Pool pool = status.pools().get(0);
        assertThat(pool.name()).isEqualTo("pool1");
        assertThat(pool.mode()).isEqualTo("btrfs");
        assertThat(pool.status()).isEqualTo("active");
        assertThat(pool.cloneList()).contains("stat1");
        assertThat(pool.fileSystem().size()).isGreaterThan(500L << 20);
        assertThat(pool.fileSystem().free()).isPositive().isLessThan(pool.fileSystem().size());
        // sizes come from the pool's last measurement, renewed in the background so that /status stays fast
        await().atMost(Duration.ofSeconds(10)).until(() ->
                engine.client().status().pools().get(0).fileSystem().dataSize() > 5L << 20
                        && engine.client().clone("stat1").metadata().cloneDiffSize() > 5L << 20);
        assertThat(status.cloning().numClones()).isPositive();
        engine.client().destroyClone("stat1");
        engine.awaitGone("stat1");
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean bool(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
