package io.dblab.joe.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * A distinctive secret planted in the production data, and every way to get it out through Joe that
 * the issue names: error messages from casts and constraint violations, RAISE in functions and triggers
 * made with exec, COPY … TO, server-file functions, the catalog commands, plan text and JSON, history,
 * the audit log; plus names, comments, defaults and settings made from data with dynamic SQL. Each
 * attempt is checked to have reached the server (its answer says what happened); the secret appears
 * in no answer, no flame graph, no file Joe writes and no line Joe logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretLeakTest {
    static final String SECRET = "Xk7Q-LEAK-CANARY-90210";
    static final String SECRET_NUMBER = "5417283946";
    /** Any of these in Joe's output means (part of) the secret got out. */
    static final List<String> TELLTALES = List.of("LEAK-CANARY", "Xk7Q", SECRET_NUMBER, "CANARY-9021");
    static final String SOURCE = """
            CREATE TYPE mood AS ENUM ('calm', 'busy');
            CREATE TABLE vault (id int PRIMARY KEY, secret text NOT NULL UNIQUE, code bigint NOT NULL,
                                note text CHECK (note <> 'forbidden'), m mood DEFAULT 'calm');
            INSERT INTO vault VALUES (1, 'Xk7Q-LEAK-CANARY-90210', 5417283946, 'n', 'busy'),
                                     (2, 'Xk7Q-LEAK-CANARY-90211', 5417283946, 'o', 'busy');
            CREATE SEQUENCE vault_seq;
            COMMENT ON TABLE vault IS 'Holds the codes';
            """;

    EngineFixture engine;
    Path stateDir;
    Joe joe;
    JoeHttp http;
    final List<String> seen = new ArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19410, 19419), SOURCE, null);
        stateDir = Files.createTempDirectory("joe-leak-test-");
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        joe = JoeFixture.start(JoeFixture.config(engine, stateDir, new JoeConfig.Sessions(null, null, JoeFixture.SESSION_KEY),
                new JoeConfig.Limits(null, new JoeConfig.Quota(1000, "1m")), false));
        http = new JoeHttp(joe.port(), JoeFixture.TOKEN);
    }

    @AfterAll
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        JoeFixture.stopAll(joe, null, engine, stateDir);
    }

    /** Sends a command as the attacker; the answer must say {@code reached} (proof that the attempt ran) and hold no secret. */
    private JoeHttp.Reply attack(String text, String reached) {
        JoeHttp.Reply reply = http.command("mallory", "ops", text);
        seen.add(reply.body());
        String flame = reply.json().path("flameGraph").asText("");
        if (!flame.isEmpty()) {
            seen.add(http.get(flame).body());
        }
        assertThat(reply.body()).as(text).contains(reached);
        assertNoSecret(reply.body(), text);
        return reply;
    }

    private static void assertNoSecret(String output, String where) {
        for (String telltale : TELLTALES) {
            assertThat(output).as("secret in the answer to: " + where).doesNotContain(telltale);
        }
    }

    @Test
    void theSecretNeverLeavesThroughAnyCommandOrAnythingJoeStores() throws IOException {
        // the data is there: the attacker's statements do read it (counted, never shown)
        attack("exec select secret from vault where secret like '%CANARY%'", "rows returned: 2 (not shown)");

        // error messages of casts and constraints
        attack("explain select secret::int from vault", "invalid input syntax for type integer");
        attack("explain select secret::mood from vault", "invalid input value for enum mood");
        attack("explain select secret::uuid from vault", "invalid input syntax for type uuid");
        attack("explain select secret::json from vault", "invalid input syntax for type json");
        attack("explain select secret::timestamp from vault", "invalid input syntax for type timestamp");
        attack("explain select (select secret from vault where id = 1)::regclass", "does not exist");
        attack("explain select xmlparse(document secret) from vault", "ERROR");
        attack("exec update vault set code = secret::bigint", "invalid input syntax for type bigint");
        attack("exec insert into vault select id + 10, secret, code, note from vault", "duplicate key value violates unique constraint");
        attack("exec update vault set note = 'forbidden'", "violates check constraint");
        attack("exec update vault set secret = null", "violates not-null constraint");
        attack("exec alter table vault add constraint must_be_x check (secret = 'x')", "is violated by some row");
        attack("exec create unique index on vault (code)", "could not create unique index");
        attack("exec do $$ declare x int; begin x := (select secret from vault where id = 1); end $$",
                "invalid input syntax for type integer");

        // RAISE in functions, triggers and DO blocks made with exec
        attack("exec create function leak_raise() returns int language plpgsql as $$ begin raise exception 'got %', "
                + "(select secret from vault where id = 1) using detail = (select secret from vault where id = 1), "
                + "hint = (select secret from vault where id = 1); end $$", "exec: completed");
        attack("explain select leak_raise()", "raised by a user-defined function");
        attack("exec create function leak_imitate() returns int language plpgsql as $$ begin raise exception using "
                + "message = 'duplicate key value violates unique constraint \"' || (select secret from vault where id = 1) || '\"',"
                + " errcode = 'unique_violation'; end $$", "exec: completed");
        attack("plan select leak_imitate()", "Result");
        attack("explain select leak_imitate()", "raised by a user-defined function");
        attack("exec create function leak_notice() returns int language plpgsql as $$ begin raise notice '%', "
                + "(select secret from vault where id = 1); raise warning '%', (select code from vault where id = 1); "
                + "raise info '%', (select secret from vault where id = 1); return 1; end $$", "exec: completed");
        attack("explain select leak_notice()", "3 message(s) raised by user-defined functions were suppressed");
        attack("exec do $$ begin raise notice 'n %', (select secret from vault where id = 1); end $$",
                "1 message(s) raised by user-defined functions were suppressed");
        attack("exec do $$ begin assert (select secret from vault where id = 1) = 'x', (select secret from vault where id = 1); end $$",
                "raised by a user-defined function");
        attack("exec create function leak_trigger() returns trigger language plpgsql as $$ begin "
                + "raise notice 'old %', old.secret; raise exception 'new %', new.secret; end $$", "exec: completed");
        attack("exec create trigger leak_trigger before update on vault for each row execute function leak_trigger()",
                "exec: completed");
        attack("exec update vault set code = code", "raised by a user-defined function");
        attack("explain update vault set code = code", "raised by a user-defined function");
        attack("exec drop trigger leak_trigger on vault", "exec: completed");

        // COPY ... TO and server files: refused to the non-superuser role
        attack("exec copy vault to '/tmp/joe-leak-test.txt'", "SQLSTATE 42501");
        attack("exec copy (select secret from vault) to program 'cat'", "SQLSTATE 42501");
        attack("exec copy vault to stdout", "ERROR");
        attack("exec select pg_read_file('PG_VERSION')", "SQLSTATE 42501");
        attack("explain select pg_read_file('postgresql.conf')", "SQLSTATE 42501");
        attack("exec select pg_ls_dir('.')", "SQLSTATE 42501");
        attack("exec select lo_import('/etc/hostname')", "SQLSTATE 42501");
        attack("exec create extension dblink", "ERROR");
        assertThat(Path.of("/tmp/joe-leak-test.txt")).doesNotExist();

        // plans: constants folded from data, settings set from data, names made from data
        attack("exec create function leak_imm() returns text immutable language sql as $$ select secret from vault where id = 1 $$",
                "exec: completed");
        attack("exec create function leak_code() returns bigint immutable language sql as $$ select code from vault where id = 1 $$",
                "exec: completed");
        attack("plan select * from vault where note = leak_imm()", "[redacted]");
        attack("explain select * from vault where note = leak_imm() or code = leak_code()", "[redacted]");
        attack("plan select leak_imm(), leak_code()", "[redacted]");
        attack("exec select set_config('search_path', (select secret from vault where id = 1), false)", "rows returned: 1");
        attack("explain select 1", "[redacted]");
        attack("exec reset search_path", "exec: completed");
        // a function of the person's in front of pg_catalog must not stand in for one Joe calls
        attack("exec create function public.current_setting(text) returns text language sql as "
                + "$$ select code::text from vault where id = 1 $$", "exec: completed");
        attack("exec set search_path = public, pg_catalog", "exec: completed");
        assertThat(attack("explain select 1", "blockSize").json().path("summary").path("blockSize").asLong()).isEqualTo(8192);
        attack("hypo list", "hypothetical indexes");
        attack("exec reset search_path", "exec: completed");
        attack("exec do $$ begin execute format('create table %I (id int)', (select secret from vault where id = 1)); "
                + "execute format('create view shadow as select * from %I', (select secret from vault where id = 1)); end $$",
                "exec: completed");
        attack("explain select * from shadow", "[redacted]");
        attack("plan select * from shadow", "[redacted]");

        // the catalog: names, comments, defaults, checks, labels, sequences made from data
        attack("exec do $$ begin "
                + "execute format('alter table vault rename column note to %I', (select secret from vault where id = 1)); "
                + "execute format('comment on table vault is %L', (select secret from vault where id = 1)); "
                + "execute format('comment on column vault.code is %L', (select secret from vault where id = 1)); "
                + "execute format('alter table vault alter column code set default %s', (select code from vault where id = 1)); "
                + "execute format('alter table vault alter column secret set default %L', (select secret from vault where id = 1)); "
                + "execute format('alter table vault add constraint small check (code <= %s)', (select code from vault where id = 1)); "
                + "execute format('create index %I on vault (id)', (select secret || '_idx' from vault where id = 1)); "
                + "execute format('alter type mood rename value %L to %L', 'calm', (select secret from vault where id = 1)); "
                + "execute format('alter sequence vault_seq minvalue %1$s start with %1$s restart with %1$s', "
                + "(select code from vault where id = 1)); "
                + "execute format('create view peek as select %L::text as x', (select secret from vault where id = 1)); "
                + "end $$", "exec: completed");
        attack("\\d", "[redacted]");
        attack("\\d+", "[redacted]");
        attack("\\dt", "[redacted]");
        attack("\\dt+", "Description");
        attack("\\di", "[redacted]");
        attack("\\di+", "[redacted]");
        attack("\\dv", "peek");
        attack("\\dm", "Did not find any materialized views");
        attack("\\l", "postgres");
        attack("\\d vault", "[redacted]");
        attack("\\d+ vault", "[redacted]");
        attack("\\d+ peek", "View definition:");
        attack("\\d vault_seq", "[redacted]");
        attack("\\d *", "[redacted]");
        attack("plan select * from vault", "[redacted]");
        attack("explain insert into vault (id, secret) values (99, 'x')", "[redacted]");
        attack("exec insert into vault (id, secret, code) values (1, 'x', 1)", "duplicate key value violates unique constraint");

        // hypothetical indexes and activity
        attack("hypo create index on vault (secret)", "hypothetical index");
        attack("hypo list", "hypothetical indexes:");
        attack("plan select * from vault where secret = 'abc'", "Scan");
        attack("exec select set_config('application_name', (select secret from vault where id = 1), false)", "rows returned: 1");
        attack("activity", "PID");

        // nothing Joe keeps holds it either
        JoeHttp.Reply history = http.get("/api/history" + JoeHttp.query("mallory", "ops"));
        assertThat(history.json().path("entries").size()).isGreaterThan(50);
        assertNoSecret(history.body(), "the history API");
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertNoSecret(Files.readString(file), file.toString());
            }
        }
        assertThat(stateDir.resolve("audit.jsonl")).content().contains("mallory").contains("exec");
        assertThat(stateDir.resolve("history.jsonl")).content().contains("\\\\d+ vault");
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertNoSecret(line, "Joe's log");
        }
        for (String output : seen) {
            assertNoSecret(output, "a collected answer or flame graph");
        }
    }
}
