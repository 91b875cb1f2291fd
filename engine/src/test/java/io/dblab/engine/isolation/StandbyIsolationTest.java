package io.dblab.engine.isolation;

import static io.dblab.engine.isolation.CloneIsolationTest.shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.server.LocalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Physical mode: the pool's data directory is a live, unmasked standby of the source. A clone's
 * superuser can neither read its files nor connect to it (it listens on no TCP address, and its
 * socket directory belongs to the pool's server user), nor read the source's password file.
 */
class StandbyIsolationTest {
    private static final String PASSWORD = "Standby-Isolation-2290-garnet";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17310, 17319).physical());
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aCloneSuperuserCannotReachTheStandby() throws Exception {
        Path data = engine.poolRoot().resolve("data");
        int standbyPort = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
        Path standbySocket = LocalServer.socketDirOf(data, standbyPort);
        assertThat(standbySocket.resolve(".s.PGSQL." + standbyPort)).exists();
        Clone clone = engine.createClone("standby-iso", "mallory", PASSWORD, false);
        try (Connection c = EngineFixture.connect(clone, PASSWORD)) {
            assertThat(shell(c, "psql -h " + standbySocket + " -p " + standbyPort + " -U postgres -c 'SELECT 1'"))
                    .contains("Permission denied").doesNotContain("(1 row)");
            assertThat(shell(c, "psql -h 127.0.0.1 -p " + standbyPort + " -U postgres -c 'SELECT 1'"))
                    .contains("Connection refused");
            assertThat(shell(c, "ls " + data)).contains("Permission denied");
            assertThat(shell(c, "cat " + data.resolve("postgresql.auto.conf"))).contains("Permission denied");
            // the standby's password file for the source lies below here, in the pool user's 0700 directory
            Path credentials = Path.of(engine.config().poolManager().mountDir(), ".credentials");
            assertThat(shell(c, "ls " + credentials)).contains("Permission denied");
        }
        engine.client().destroyClone("standby-iso");
        engine.awaitGone("standby-iso");
    }
}
