package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Physical retrieval through a custom restore command (what WAL-G or pgBackRest users configure),
 * here a pg_basebackup written as a shell command that fills $PGDATA, with a setting of its own in
 * its environment (the reference's envs).
 */
class RestoreCommandTest {
    /** The backup label only this command gives; the engine's own pg_basebackup would write its default. */
    private static final String LABEL = "dblab-restore-command-test";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        // the label comes through retrieval.physical.restoreEnv, the command's own environment
        engine = EngineFixture.start(EngineFixture.Setup.logical(16560, 16569).withRestoreCommand(
                "/usr/lib/postgresql/15/bin/pg_basebackup -D \"$PGDATA\" -X stream -c fast -l \"$BACKUP_LABEL\" -d '{source}'",
                Map.of("BACKUP_LABEL", LABEL)));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The configured command, not the engine's pg_basebackup, filled the pool, and the standby then streams. */
    @Test
    void theCommandFillsThePoolAndClonesServeItsData() throws Exception {
        assertThat(engine.client().retrieval().mode()).isEqualTo("physical");
        // the standby renamed backup_label when it started from the backup
        Path label = engine.poolRoot().resolve("data/backup_label.old");
        assertThat(Files.readString(label)).contains("LABEL: " + LABEL);
        engine.awaitSync("OK");
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
