package io.dblab.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.config.PlatformConfigLoader;
import io.dblab.platform.server.Platform;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An external PostgreSQL with the two-role setup of docs/platform.md: the migrations run on a database
 * that already holds other things, as the owner; the application's role cannot change the audit log;
 * a second start finds the schema current.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalDatabaseTest {
    TestPostgres pg;
    Path dir;

    @BeforeAll
    void start() {
        pg = TestPostgres.start();
        dir = PlatformFixture.tempDir();
        pg.psql().run("postgres", "CREATE DATABASE existing");
        pg.psql().run("existing", """
                CREATE TABLE customers (id int PRIMARY KEY, name text);
                INSERT INTO customers VALUES (1, 'kept');
                CREATE ROLE platform_owner LOGIN PASSWORD 'owner-pw-1c9e';
                CREATE ROLE platform_app LOGIN PASSWORD 'app-pw-77d2';
                GRANT CREATE ON DATABASE existing TO platform_owner;
                """);
    }

    @AfterAll
    void stop() {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private PlatformConfig config() {
        return PlatformConfigLoader.parse("""
                server: {port: %d}
                database:
                  url: %s
                  user: platform_app
                  password: ${APP_PASSWORD}
                  migrationUser: platform_owner
                  migrationPassword: ${OWNER_PASSWORD}
                """.formatted(FreePorts.next(), pg.jdbcUrl("existing")),
                Map.of("APP_PASSWORD", "app-pw-77d2", "OWNER_PASSWORD", "owner-pw-1c9e"));
    }

    @Test
    void migratesAnExistingDatabaseAsTheOwnerAndServesAsTheApplicationRole() {
        Platform.createAdmin(config(), dir, "owner@example.com", "External", "external-admin-pw");
        String history = "SELECT count(*) AS n FROM flyway_schema_history";
        long migrated;
        try (Platform platform = Platform.start(config(), dir, Map.of())) {
            Jdbc app = platform.services().db();
            assertThat(app.one("SELECT current_user AS u", row -> row.getString("u"))).hasValue("platform_app");
            assertThat(app.one("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'", row -> row.getString("tableowner")))
                    .hasValue("platform_owner");
            assertThat(app.one("SELECT count(*) AS n FROM audit_log WHERE action = 'admin.create'", row -> row.getLong("n"))).hasValue(1L);
            for (String change : new String[] {"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                    "DROP TRIGGER audit_log_append_only ON audit_log", "INSERT INTO flyway_schema_history (installed_rank) VALUES (99)"}) {
                assertThatThrownBy(() -> app.update(change)).as(change).isInstanceOf(StorageException.class);
            }
            migrated = app.one(history, row -> row.getLong("n")).orElseThrow();
        }
        try (Platform again = Platform.start(config(), dir, Map.of())) {
            assertThat(again.services().db().one(history, row -> row.getLong("n"))).as("nothing to migrate the second time")
                    .hasValue(migrated);
        }
        assertThat(pg.psql().run("existing", "SELECT name FROM customers").strip()).as("the database's own tables untouched")
                .isEqualTo("kept");
    }

    @Test
    void aWrongPasswordIsAOneLineStartupError() {
        PlatformConfig wrong = PlatformConfigLoader.parse("database: {url: '%s', user: platform_app, password: nope}\n"
                .formatted(pg.jdbcUrl("existing")), Map.of());
        assertThatThrownBy(() -> Platform.start(wrong, dir, Map.of())).hasMessageContaining("cannot migrate the Platform's database")
                .hasMessageContaining("check database.url").hasMessageNotContaining("\n");
    }
}
