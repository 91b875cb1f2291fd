package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.pg.process.Command;
import io.dblab.testkit.PostgresProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine stops and starts again while its clones keep running (an upgrade, a crash of the engine
 * alone): it adopts them with their ports, users and data, and starts again those whose server stopped.
 */
class RestartTest {
    private static final int PORT_FROM = 16240;
    private static final int PORT_TO = 16259;
    private static final String PASSWORD = "Restart-Pass-7719-frobozz";
    private static final String OTHER_PASSWORD = "Other-Restart-Pass-3307-zork";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(PORT_FROM, PORT_TO, "1GiB", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** A test that failed with the engine stopped must not leave the next one without an engine. */
    @AfterEach
    void engineRunsAgain() {
        if (engine != null && !engineIsUp()) {
            engine.startEngine();
        }
        if (engine != null) {
            for (Clone clone : engine.client().clones()) {
                if (clone.isProtected()) {
                    engine.client().updateClone(clone.id(), false);
                }
                if (!"DELETING".equals(clone.status().code())) {
                    engine.client().destroyClone(clone.id());
                }
                engine.awaitGone(clone.id());
            }
        }
    }

    @Test
    void clonesSurviveARestartOfTheEngine() throws SQLException {
        Clone kept = createClone("keep1", "keeper", PASSWORD, true);
        Clone plain = createClone("plain1", "plain", OTHER_PASSWORD, false);
        writeMarker(kept, PASSWORD, "kept across restarts");
        writeMarker(plain, OTHER_PASSWORD, "plain across restarts");

        engine.stopEngine();
        // the clones do not depend on the engine process
        assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot())).hasSize(2);
        assertThat(readMarker(kept, PASSWORD)).isEqualTo("kept across restarts");
        engine.startEngine();

        List<Clone> listed = engine.client().clones();
        assertThat(listed).extracting(Clone::id).containsExactlyInAnyOrder("keep1", "plain1");
        assertThat(listed).allSatisfy(c -> assertThat(c.status().code()).isEqualTo("OK"));
        Clone keptAgain = engine.client().clone("keep1");
        Clone plainAgain = engine.client().clone("plain1");
        assertThat(keptAgain.db().port()).isEqualTo(kept.db().port());
        assertThat(plainAgain.db().port()).isEqualTo(plain.db().port());
        assertThat(keptAgain.isProtected()).isTrue();
        assertThat(keptAgain.db().username()).isEqualTo("keeper");
        assertThat(readMarker(keptAgain, PASSWORD)).isEqualTo("kept across restarts");
        assertThat(readMarker(plainAgain, OTHER_PASSWORD)).isEqualTo("plain across restarts");
        // adopted, not started twice: still one server per clone
        assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot())).hasSize(2);

        // the restarted engine knows which ports are taken
        Clone fresh = createClone("fresh1", "fresh", PASSWORD, false);
        assertThat(fresh.db().port()).isNotIn(kept.db().port(), plain.db().port());
        assertThat(readCount(fresh, PASSWORD)).isEqualTo(20000);
    }

    @Test
    void aCloneWhoseServerStoppedWhileTheEngineWasDownIsStartedAgain() throws SQLException {
        Clone victim = createClone("victim1", "victim", PASSWORD, false);
        Clone bystander = createClone("bystander1", "bystander", OTHER_PASSWORD, true);
        writeMarker(victim, PASSWORD, "written before the crash");

        engine.stopEngine();
        assertThat(PostgresProcesses.stopAllUnder(engine.poolRoot().resolve("clones/victim1"))).isEqualTo(1);
        assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot()))
                .containsExactly(engine.poolRoot().resolve("clones/bystander1"));
        engine.startEngine();

        Clone restarted = engine.awaitStatus("victim1", "OK");
        assertThat(restarted.db().port()).isEqualTo(victim.db().port());
        // crash recovery of the clone's own WAL keeps the committed row
        assertThat(readMarker(restarted, PASSWORD)).isEqualTo("written before the crash");
        assertThat(engine.client().clone("bystander1").status().code()).isEqualTo("OK");
        assertThat(readCount(bystander, OTHER_PASSWORD)).isEqualTo(20000);
        assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot())).hasSize(2);
    }

    @Test
    void aCloneWhosePostmasterWasKilledIsStartedAgain() throws Exception {
        Clone victim = createClone("killed1", "killed", PASSWORD, false);
        writeMarker(victim, PASSWORD, "written before SIGKILL");
        Path dataDir = engine.poolRoot().resolve("clones/killed1");
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());

        engine.stopEngine();
        // as the OOM killer would: postmaster.pid stays behind
        Command.of("kill", "-9", Long.toString(postmaster)).check();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(postmaster).isEmpty());
        assertThat(dataDir.resolve("postmaster.pid")).exists();
        engine.startEngine();

        Clone restarted = engine.awaitStatus("killed1", "OK");
        assertThat(restarted.db().port()).isEqualTo(victim.db().port());
        assertThat(readMarker(restarted, PASSWORD)).isEqualTo("written before SIGKILL");
    }

    @Test
    void resetAfterARestartRecreatesTheRoleFromTheStoredVerifier() throws SQLException {
        Clone restricted = createClone("resetme1", "resetter", PASSWORD, true, true);
        writeMarker(restricted, PASSWORD, "gone after reset");

        engine.stopEngine();
        engine.startEngine();

        engine.client().resetClone("resetme1", new ResetRequest(null, null));
        Clone reset = engine.awaitStatus("resetme1", "OK");
        assertThat(reset.db().port()).isEqualTo(restricted.db().port());
        try (Connection c = EngineFixture.connect(reset, PASSWORD); Statement st = c.createStatement()) {
            assertThat(scalar(st, "SELECT count(*) FROM pg_tables WHERE tablename = 'restart_marker'")).isEqualTo("0");
            assertThat(scalar(st, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
            assertThat(scalar(st, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).isEqualTo("resetter");
            assertThat(scalar(st, "SELECT count(*) FROM orders")).isEqualTo("20000");
        }
        assertThat(readPasswordFails(reset, "Wrong-Pass-0000-nothing-here")).isTrue();

        // the state on disk still holds only the verifier, never the password
        String state = readState();
        assertThat(state).doesNotContain(PASSWORD).contains("SCRAM-SHA-256$");
    }

    private static boolean engineIsUp() {
        try {
            engine.client().healthz();
            return true;
        } catch (DblabApiException e) {
            return false;
        }
    }

    private static Clone createClone(String id, String user, String password, boolean isProtected) {
        return createClone(id, user, password, isProtected, false);
    }

    private static Clone createClone(String id, String user, String password, boolean isProtected, boolean restricted) {
        engine.client().createClone(new CloneRequest(id, isProtected,
                new CloneRequest.DbRequest(user, password, restricted, null), null, null, null));
        return engine.awaitStatus(id, "OK");
    }

    private static void writeMarker(Clone clone, String password, String text) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, password); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE restart_marker (note text)");
            st.execute("INSERT INTO restart_marker VALUES ('" + text.replace("'", "''") + "')");
        }
    }

    private static String readMarker(Clone clone, String password) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, password); Statement st = c.createStatement()) {
            return scalar(st, "SELECT note FROM restart_marker");
        }
    }

    private static long readCount(Clone clone, String password) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, password); Statement st = c.createStatement()) {
            return Long.parseLong(scalar(st, "SELECT count(*) FROM orders"));
        }
    }

    private static boolean readPasswordFails(Clone clone, String password) {
        try (Connection ignored = EngineFixture.connect(clone, password)) {
            return false;
        } catch (SQLException e) {
            return e.getMessage().contains("password authentication failed");
        }
    }

    private static String readState() {
        try (Stream<Path> files = Files.list(engine.stateDir())) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
