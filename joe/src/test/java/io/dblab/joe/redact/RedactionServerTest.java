package io.dblab.joe.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dblab.joe.testing.Db;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real errors and notices of a real server whose tables hold a distinctive secret, provoked by an
 * ordinary (non-superuser) role: whatever the redactor returns never holds the secret or a piece of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactionServerTest {
    static final String SECRET = "Zq7-PLANTED-SECRET-4411";
    static final long SECRET_NUMBER = 987654321L;
    static final List<String> SECRET_PIECES = List.of(SECRET, "PLANTED", "SECRET-4411", "Zq7", "4411",
            Long.toString(SECRET_NUMBER));

    TestPostgres pg;
    Connection conn;

    @BeforeAll
    void start() throws Exception {
        pg = TestPostgres.start(Map.of());
        pg.psql().run("postgres", """
                CREATE ROLE app LOGIN PASSWORD 'app-password';
                CREATE DATABASE shop OWNER app;
                """);
        pg.psql().run("shop", """
                SET ROLE app;
                CREATE TYPE mood AS ENUM ('happy', 'sad');
                CREATE TABLE vault (id int PRIMARY KEY, secret text UNIQUE, n bigint, code text CHECK (code <> 'Zq7-PLANTED-SECRET-4411'));
                INSERT INTO vault VALUES (1, 'Zq7-PLANTED-SECRET-4411', 987654321, 'ok');
                CREATE TABLE refs (secret text REFERENCES vault (secret));
                INSERT INTO refs VALUES ('Zq7-PLANTED-SECRET-4411');
                CREATE TABLE short (s varchar(5));
                CREATE FUNCTION leak_error() RETURNS int LANGUAGE plpgsql AS $$
                  DECLARE s text;
                  BEGIN SELECT secret INTO s FROM vault LIMIT 1;
                    RAISE EXCEPTION 'the secret is %', s USING DETAIL = s, HINT = s; END $$;
                CREATE FUNCTION leak_disguised() RETURNS int LANGUAGE plpgsql AS $$
                  DECLARE s text;
                  BEGIN SELECT secret INTO s FROM vault LIMIT 1;
                    RAISE EXCEPTION USING ERRCODE = 'unique_violation',
                      MESSAGE = 'duplicate key value violates unique constraint "' || s || '"', CONSTRAINT = s; END $$;
                CREATE FUNCTION leak_assert() RETURNS int LANGUAGE plpgsql AS $$
                  DECLARE s text;
                  BEGIN SELECT secret INTO s FROM vault LIMIT 1; ASSERT false, s; RETURN 1; END $$;
                CREATE FUNCTION leak_notices() RETURNS int LANGUAGE plpgsql AS $$
                  DECLARE s text;
                  BEGIN SELECT secret INTO s FROM vault LIMIT 1;
                    RAISE NOTICE 'notice %', s; RAISE WARNING 'warning %', s; RAISE INFO 'info %', s; RETURN 1; END $$;
                CREATE FUNCTION leak_cast() RETURNS int LANGUAGE sql AS $$ SELECT secret::int FROM vault $$;
                CREATE TABLE audited (id int);
                CREATE FUNCTION audit_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
                  DECLARE s text;
                  BEGIN SELECT secret INTO s FROM vault LIMIT 1;
                    RAISE NOTICE 'row for %', s;
                    IF NEW.id < 0 THEN RAISE EXCEPTION 'rejected because of %', s; END IF;
                    RETURN NEW; END $$;
                CREATE TRIGGER audit BEFORE INSERT ON audited FOR EACH ROW EXECUTE FUNCTION audit_trigger();
                """);
        conn = Db.connect(pg, "shop", "app", "app-password");
    }

    @AfterAll
    void stop() throws Exception {
        Db.close(conn, pg);
    }

    @Test
    void invalidCastsOfTheSecret() throws Exception {
        assertRedactedError("SELECT secret::int FROM vault", "22P02", "invalid input syntax for type integer: \"[redacted]\"");
        assertRedactedError("SELECT secret::numeric FROM vault", "22P02", "invalid input syntax for type numeric: \"[redacted]\"");
        assertRedactedError("SELECT secret::json FROM vault", "22P02", "invalid input syntax for type json");
        assertRedactedError("SELECT secret::mood FROM vault", "22P02", "invalid input value for enum mood: \"[redacted]\"");
        assertRedactedError("SELECT secret::regclass FROM vault", "42P01", "relation \"[redacted]\" does not exist");
        assertRedactedError("SELECT to_date(secret, 'YYYY-MM') FROM vault", "22007", null);
        assertRedactedError("SELECT chr(n::int) FROM vault", "54000", "requested character too large for encoding: [redacted]");
        assertRedactedError("SELECT leak_cast()", "22P02", "invalid input syntax for type integer: \"[redacted]\"");
        assertRedactedError("INSERT INTO short SELECT secret FROM vault", "22001", "value too long for type character varying(5)");
    }

    @Test
    void constraintViolationsNameTheConstraintButNotTheValue() throws Exception {
        assertRedactedError("INSERT INTO vault (id, secret) SELECT 2, secret FROM vault", "23505",
                "duplicate key value violates unique constraint \"vault_secret_key\"");
        assertRedactedError("UPDATE vault SET code = secret", "23514",
                "new row for relation \"vault\" violates check constraint \"vault_code_check\"");
        assertRedactedError("INSERT INTO refs SELECT secret || 'x' FROM vault", "23503",
                "insert or update on table \"refs\" violates foreign key constraint \"refs_secret_fkey\"");
        assertRedactedError("DELETE FROM vault", "23503",
                "update or delete on table \"vault\" violates foreign key constraint \"refs_secret_fkey\" on table \"refs\"");
        assertRedactedError("UPDATE vault SET id = NULL", "23502",
                "null value in column \"id\" of relation \"vault\" violates not-null constraint");
    }

    @Test
    void raisedByUserFunctionsAndTriggers() throws Exception {
        assertRedactedError("SELECT leak_error()", "P0001", ErrorRedactor.USER_RAISED);
        assertRedactedError("SELECT leak_disguised()", "23505", ErrorRedactor.USER_RAISED);
        assertRedactedError("SELECT leak_assert()", "P0004", ErrorRedactor.USER_RAISED);
        assertRedactedError("INSERT INTO audited VALUES (-1)", "P0001", ErrorRedactor.USER_RAISED);
    }

    @Test
    void noticesOfUserFunctionsAndTriggersAreSuppressed() throws Exception {
        Notices fromFunction = runForNotices("SELECT leak_notices()");
        assertThat(fromFunction.suppressed()).isEqualTo(3);
        assertThat(fromFunction.kept()).isEmpty();
        Notices fromTrigger = runForNotices("INSERT INTO audited VALUES (1)");
        assertThat(fromTrigger.suppressed()).isEqualTo(1);
    }

    @Test
    void theServersOwnNoticesAreKept() throws Exception {
        Notices notices = runForNotices("DROP TABLE IF EXISTS no_such_table");
        assertThat(notices.suppressed()).isZero();
        assertThat(notices.kept()).extracting(RedactedError::text)
                .containsExactly("NOTICE: table \"no_such_table\" does not exist, skipping (SQLSTATE 00000)");
    }

    @Test
    void whatThePersonWroteStays() throws Exception {
        RedactedError error = errorOf("SELECT nosuch FROM vault");
        assertThat(error.message()).isEqualTo("column \"nosuch\" does not exist");
        assertThat(error.position()).isEqualTo(8);
        assertThat(errorOf("SELECT 'my own text'::int").message())
                .isEqualTo("invalid input syntax for type integer: \"my own text\"");
    }

    @Test
    void theDriversExceptionCarriedTheSecretAndTheRedactedOneDoesNot() throws Exception {
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT INTO vault (id, secret) SELECT 2, secret FROM vault");
            fail("the insert should have failed");
        } catch (SQLException e) {
            assertThat(e.getMessage()).as("the test plants what it means to hide").contains(SECRET);
            RedactedSqlException redacted = new RedactedSqlException(ErrorRedactor.redact(e, "INSERT ..."));
            assertThat(redacted.getCause()).isNull();
            assertThat(redacted.getMessage()).doesNotContain(SECRET);
        }
    }

    private void assertRedactedError(String sql, String sqlState, String message) throws SQLException {
        RedactedError error = errorOf(sql);
        assertThat(error.sqlState()).as(sql).isEqualTo(sqlState);
        if (message != null) {
            assertThat(error.message()).as(sql).isEqualTo(message);
        }
        assertNoSecret(error.text());
    }

    private RedactedError errorOf(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            return ErrorRedactor.redact(e, sql);
        }
        throw new AssertionError("no error from: " + sql);
    }

    private Notices runForNotices(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
            Notices notices = Notices.drain(st, sql);
            assertThat((Object) st.getWarnings()).isNull();
            notices.kept().forEach(n -> assertNoSecret(n.text()));
            return notices;
        }
    }

    private static void assertNoSecret(String text) {
        for (String piece : SECRET_PIECES) {
            assertThat(text).doesNotContain(piece);
        }
    }
}
