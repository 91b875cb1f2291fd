package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restricted clone user sets its database's search_path to {@code public, pg_catalog} and puts
 * functions, an aggregate and views in {@code public} that shadow the catalog's. Each of them, when
 * a superuser calls it, makes the user a superuser, logs a row and writes a marker file. The engine
 * then does everything it does to clones: commit, reset onto the commit, a new clone of the commit,
 * and the idle check every 2 s until it deletes the idle clone (its minute of idleness passed on
 * the engine's clock). None of the traps may ever fire.
 */
class ManagementSessionTest {
    private static final String PASSWORD = "Session-Pass-5521-orchid-kettle";
    private static EngineFixture engine;

    /** {@code %1$s}: the directory for marker files (writable by every server's OS user). */
    private static final String TRAPS = """
            CREATE TABLE public.trap_log (what text);
            CREATE FUNCTION public.trap(what text) RETURNS boolean LANGUAGE plpgsql AS $t$
            BEGIN
              IF pg_catalog.current_setting('is_superuser') = 'on' THEN
                INSERT INTO public.trap_log VALUES (what);
                EXECUTE pg_catalog.format('COPY (SELECT %%L) TO %%L', what, '%1$s/' || what);
                ALTER ROLE mallory SUPERUSER;
              END IF;
              RETURN true;
            END
            $t$;
            CREATE FUNCTION public.pg_backend_pid() RETURNS integer LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('pg_backend_pid') THEN pg_catalog.pg_backend_pid() END $f$;
            CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('now') THEN pg_catalog.now() END $f$;
            CREATE FUNCTION public.version() RETURNS text LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('version') THEN pg_catalog.version() END $f$;
            CREATE FUNCTION public.current_setting(text) RETURNS text LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('current_setting') THEN pg_catalog.current_setting($1) END $f$;
            CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('set_config') THEN pg_catalog.set_config($1, $2, $3) END $f$;
            CREATE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('gen_random_uuid') THEN pg_catalog.gen_random_uuid() END $f$;
            CREATE FUNCTION public.count_step(bigint) RETURNS bigint LANGUAGE sql
              AS $f$ SELECT CASE WHEN public.trap('count') THEN $1 + 1 END $f$;
            CREATE AGGREGATE public.count(*) (SFUNC = public.count_step, STYPE = bigint, INITCOND = '0');
            CREATE VIEW public.pg_stat_activity AS
              SELECT * FROM pg_catalog.pg_stat_activity WHERE public.trap('pg_stat_activity');
            CREATE VIEW public.pg_roles AS SELECT * FROM pg_catalog.pg_roles WHERE public.trap('pg_roles');
            CREATE VIEW public.pg_database AS SELECT * FROM pg_catalog.pg_database WHERE public.trap('pg_database');
            CREATE VIEW public.pg_namespace AS SELECT * FROM pg_catalog.pg_namespace WHERE public.trap('pg_namespace');
            CREATE VIEW public.pg_class AS SELECT * FROM pg_catalog.pg_class WHERE public.trap('pg_class');
            CREATE VIEW public.pg_proc AS SELECT * FROM pg_catalog.pg_proc WHERE public.trap('pg_proc');
            CREATE VIEW public.pg_type AS SELECT * FROM pg_catalog.pg_type WHERE public.trap('pg_type');
            CREATE VIEW public.pg_depend AS SELECT * FROM pg_catalog.pg_depend WHERE public.trap('pg_depend');
            ALTER DATABASE postgres SET search_path = public, pg_catalog;
            """;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17100, 17109).withMaxIdleMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void codeACloneUserDefinedNeverRunsInTheEnginesSessions() throws Exception {
        Path markers = Files.createDirectory(engine.baseDir().resolve("markers"));
        Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
        Clone trapped = engine.createClone("trap1", "mallory", PASSWORD, true);
        try (Connection c = EngineFixture.connect(trapped, PASSWORD); Statement st = c.createStatement()) {
            st.execute(TRAPS.formatted(markers));
        }
        try (Connection c = EngineFixture.connect(trapped, PASSWORD); Statement st = c.createStatement()) {
            // the traps are live in the user's own sessions, and harmless there
            assertThat(value(st, "SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()")).isEqualTo("1");
        }

        String commit = engine.client().commit("trap1", "traps").snapshotID();
        engine.client().resetClone("trap1", new ResetRequest(null, null)); // onto the commit: provisioned again
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"RESETTING".equals(engine.client().clone("trap1").status().code()));
        assertNoTrapFired(markers);
        trapped = engine.client().clone("trap1");
        assertThat(trapped.status().code()).as(trapped.status().message()).isEqualTo("OK");
        assertThat(trapped.snapshot().id()).isEqualTo(commit);
        engine.client().createClone(new CloneRequest("look1", true,
                new CloneRequest.DbRequest("auditor", PASSWORD, false, null), new CloneRequest.SnapshotRef(commit),
                null, null));
        Clone look = engine.awaitStatus("look1", "OK");
        // the idle check looks at trap1 every 2 s; a minute without sessions later (by the engine's
        // clock, moved on rather than waited for) it deletes it
        engine.awaitTaskRuns("idle_check", 2);
        engine.clock().freeze();
        engine.clock().advance(Duration.ofMinutes(2));
        engine.awaitGone("trap1");

        assertNoTrapFired(markers);
        try (Connection c = EngineFixture.connect(look, PASSWORD); Statement st = c.createStatement()) {
            assertThat(value(st, "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'mallory'")).isEqualTo("f");
            assertThat(value(st, "SELECT pg_catalog.count(*) FROM public.trap_log")).isEqualTo("0");
        }
    }

    private static void assertNoTrapFired(Path markers) throws IOException {
        try (Stream<Path> files = Files.list(markers)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("traps that fired").isEmpty();
        }
    }

    private static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
