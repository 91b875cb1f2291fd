package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Physical retrieval through a custom restore command (what WAL-G or pgBackRest users configure),
 * here a pg_basebackup written as a shell command that fills $PGDATA.
 */
class RestoreCommandTest {
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16560, 16569).withRestoreCommand(
                "/usr/lib/postgresql/15/bin/pg_basebackup -D \"$PGDATA\" -X stream -c fast -d '{source}'"));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theCommandFillsThePoolAndClonesServeItsData() throws Exception {
        assertThat(engine.client().retrieval().mode()).isEqualTo("physical");
        Clone clone = engine.createClone("restored1", "rob", "Restore-Command-7781-xyzzy", false);
        try (Connection c = EngineFixture.connect(clone, "Restore-Command-7781-xyzzy");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(20000);
        }
        engine.client().destroyClone("restored1");
        engine.awaitGone("restored1");
    }
}
