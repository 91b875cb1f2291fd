package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.testkit.PostgresProcesses;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle cleanup with {@code maxIdleMinutes: 1} and a check every 2 seconds, on the engine's clock,
 * which the test freezes and moves on: an unprotected clone nobody uses is destroyed once it has
 * been idle for a minute, not a moment before; a protected one, and one with an open session, are kept.
 */
class IdleCloneTest {
    private static final int PORT_FROM = 16270;
    private static final int PORT_TO = 16279;
    private static final String PASSWORD = "Idle-Pass-4418-grue-lantern";
    private static final String IDLE_CHECK = "idle_check";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(PORT_FROM, PORT_TO, "1GiB", 1);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void onlyUnprotectedClonesWithoutSessionsAreDestroyedWhenIdle() throws Exception {
        // every clone's last activity is now the same instant, however long each takes to make
        engine.clock().freeze();
        Clone idle = engine.createClone("idle1", "idler", PASSWORD, false);
        engine.client().createClone(new CloneRequest("prot1", true,
                new CloneRequest.DbRequest("keeper", PASSWORD, false, null), null, null, null));
        Clone kept = engine.awaitStatus("prot1", "OK");
        Clone busy = engine.createClone("busy1", "worker", PASSWORD, false);
        assertThat(idle.metadata().maxIdleMinutes()).isEqualTo(1);

        try (Connection session = EngineFixture.connect(busy, PASSWORD)) {
            assertThat(value(session, "SELECT 1")).isEqualTo("1");

            // a second short of its minute: two checks (one begun after the move) leave it alone
            engine.clock().advance(Duration.ofSeconds(59));
            engine.awaitTaskRuns(IDLE_CHECK, 2);
            assertThat(engine.client().clone("idle1").status().code()).isEqualTo("OK");

            engine.clock().advance(Duration.ofSeconds(2));
            await("idle clone destroyed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> isGone("idle1"));
            assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot().resolve("clones/idle1"))).isEmpty();
            assertThat(engine.poolRoot().resolve("clones/idle1")).doesNotExist();
            assertThatConnectionFails(idle);

            // the other two are past their minute as well: two more checks keep them
            engine.awaitTaskRuns(IDLE_CHECK, 2);
            assertThat(engine.client().clone("prot1").status().code()).isEqualTo("OK");
            assertThat(engine.client().clone("busy1").status().code()).isEqualTo("OK");
            assertThat(value(session, "SELECT count(*) FROM orders")).isEqualTo("20000");
            try (Connection c = EngineFixture.connect(kept, PASSWORD)) {
                assertThat(value(c, "SELECT 1")).isEqualTo("1");
            }
        }
        assertThat(engine.cloneDirs()).containsExactlyInAnyOrder("prot1", "busy1");
    }

    private static boolean isGone(String id) {
        try {
            engine.client().clone(id);
            return false;
        } catch (DblabApiException e) {
            return e.httpStatus() == 404;
        }
    }

    private static void assertThatConnectionFails(Clone clone) {
        try (Connection ignored = EngineFixture.connect(clone, PASSWORD)) {
            throw new AssertionError("clone " + clone.id() + " still accepts connections");
        } catch (SQLException expected) {
            // its server is gone
        }
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
