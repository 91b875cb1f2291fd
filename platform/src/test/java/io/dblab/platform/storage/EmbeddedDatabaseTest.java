package io.dblab.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.serverkit.StartupException;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded default: a PostgreSQL of the Platform's own, reached through a Unix socket only,
 * migrated, with an application role that cannot change the audit log, and gone when closed.
 */
class EmbeddedDatabaseTest {
    Path dir;

    @BeforeEach
    void makeDir() {
        Requirements.requirePostgres();
        dir = PlatformFixture.tempDir();
    }

    @AfterEach
    void cleanUp() {
        PostgresProcesses.stopAllUnder(dir);
        TempDirs.deleteRecursively(dir);
    }

    private static PlatformConfig.Database embeddedIn(String dataDir) {
        return new PlatformConfig.Database(null, null, null, null, null, dataDir);
    }

    @Test
    void startsMigratesServesOverTheSocketOnlyAndStopsWhenClosed() throws Exception {
        try (Database db = Database.open(embeddedIn("db"), dir)) {
            assertThat(PostgresProcesses.dataDirsUnder(dir)).containsExactly(dir.resolve("db/pgdata"));
            Jdbc jdbc = db.jdbc();
            assertThat(jdbc.one("SELECT current_user AS u", row -> row.getString("u"))).hasValue(EmbeddedPostgres.APP_ROLE);
            assertThat(jdbc.one("SELECT current_setting('listen_addresses') AS a", row -> row.getString("a")))
                    .as("no TCP port").hasValue("");
            assertThat(jdbc.list("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                    + " ORDER BY installed_rank",
                    row -> row.getString("version"))).as("every migration applied, V1 first").startsWith("1")
                    .hasSize(jdbc.one("SELECT count(*) AS n FROM flyway_schema_history WHERE version IS NOT NULL", row -> row.getInt("n")).orElseThrow());
            jdbc.update("INSERT INTO audit_log (actor, action, result) VALUES ('test', 'probe', 'ok')");
            assertThat(jdbc.one("SELECT count(*) AS n FROM audit_log", row -> row.getLong("n"))).hasValue(1L);
            for (String change : new String[] {"UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log", "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"}) {
                assertThatThrownBy(() -> jdbc.update(change)).as(change).isInstanceOf(StorageException.class)
                        .hasMessageMatching(".*(permission denied|must be owner).*");
            }
            Jdbc owner = new Jdbc(db.embedded().orElseThrow().owner().dataSource());
            assertThatThrownBy(() -> owner.update("UPDATE platform.audit_log SET actor = 'x'")).as("the trigger holds for the owner too")
                    .hasMessageContaining("the audit log is append-only: UPDATE");
            assertThat(new SharedKeys(jdbc).get(SharedKeys.CSRF, 32)).hasSize(32)
                    .isEqualTo(new SharedKeys(jdbc).get(SharedKeys.CSRF, 32));
            assertThat(jdbc.one("SELECT now() AS t", row -> Jdbc.instant(row, "t"))).hasValueSatisfying(
                    t -> assertThat(t).isBefore(Instant.now().plusSeconds(5)));

            assertThatThrownBy(() -> Database.open(embeddedIn("db"), dir)).isInstanceOf(StartupException.class)
                    .hasMessageContaining("another Platform uses the embedded database");
        }
        assertThat(PostgresProcesses.dataDirsUnder(dir)).as("no postgres left").isEmpty();

        try (Database again = Database.open(embeddedIn("db"), dir)) {
            assertThat(again.jdbc().one("SELECT count(*) AS n FROM audit_log", row -> row.getLong("n")))
                    .as("the data survives a restart").hasValue(1L);
        }
        assertThat(PostgresProcesses.dataDirsUnder(dir)).isEmpty();
    }
}
