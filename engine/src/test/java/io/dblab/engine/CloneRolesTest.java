package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What roles a clone holds besides its user's, and what its user may hold. */
class CloneRolesTest {
    private static final String PASSWORD = "Roles-Pass-7730-heron-quarry";
    /** Source roles a clone user might be named after, each with more than the engine gives. */
    private static final String SOURCE_ROLES = """
            CREATE ROLE etl LOGIN PASSWORD 'etl-production-pw';
            GRANT pg_execute_server_program, pg_read_server_files TO etl;
            CREATE TABLE etl_runs (id int);
            ALTER TABLE etl_runs OWNER TO etl;
            CREATE ROLE admins NOLOGIN SUPERUSER;
            CREATE ROLE alice LOGIN;
            GRANT admins TO alice;
            CREATE ROLE ops LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS CONNECTION LIMIT 3;
            ALTER ROLE ops SET statement_timeout = '1234s';
            """;
    /** The clone user's attributes, memberships and settings: what a fresh restricted role has. */
    private static final String FRESH = "f f f f f -1 0 0";
    private static final String FRESH_QUERY = """
            SELECT concat_ws(' ', r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
                             r.rolconnlimit, (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid),
                             (SELECT count(*) FROM pg_db_role_setting s WHERE s.setrole = r.oid))
            FROM pg_roles r WHERE r.rolname = current_user
            """;
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17110, 17119), SOURCE_ROLES, null);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aPostgresPasswordSetInACloneDoesNotOpenClonesOfItsCommit() throws SQLException {
        String known = "Committer-Knows-This-9931-ferry";
        Clone mine = engine.createClone("commit1", "dev", PASSWORD, false);
        try (Connection c = EngineFixture.connect(mine, PASSWORD); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD '" + known + "'");
        }
        try (Connection c = postgresOver(mine, known)) {
            assertThat(c.isValid(5)).as("the password works where it was set").isTrue();
        }
        String commit = engine.client().commit("commit1", "postgres has a password I know").snapshotID();

        Clone theirs = engine.createClone("commit2", "teammate", PASSWORD, false, commit);
        assertThatThrownBy(() -> postgresOver(theirs, known).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        try (Connection c = EngineFixture.connect(theirs, PASSWORD); Statement st = c.createStatement()) {
            assertThat(value(st, "SELECT current_user")).isEqualTo("teammate");
        }
        engine.client().destroyClone("commit2");
        engine.awaitGone("commit2");
        engine.client().destroyClone("commit1");
        engine.awaitGone("commit1");
    }

    @Test
    void reservedUsernamesAreRefusedAtRequestTime() {
        for (String name : new String[] {"postgres", "pg_monitor", "pg_anything", "public", "none", "current_user",
                "session_user"}) {
            assertThatThrownBy(() -> engine.client().createClone(new CloneRequest("reserved1", null,
                    new CloneRequest.DbRequest(name, PASSWORD, false, null), null, null, null)))
                    .as(name)
                    .isInstanceOfSatisfying(DblabApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("username '" + name + "' is reserved");
                    });
        }
        assertThat(engine.client().clones()).as("nothing was made").isEmpty();
    }

    @Test
    void aUserNamedAfterARoleOfTheSnapshotGetsOnlyWhatTheEngineGives() throws SQLException {
        Clone etl = engine.createClone("etl1", "etl", PASSWORD, true);
        try (Connection c = EngineFixture.connect(etl, PASSWORD); Statement st = c.createStatement()) {
            // the source's roles came with the snapshot, memberships included
            assertThat(value(st, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
                    + " WHERE r.rolname = 'alice'")).isEqualTo("1");
            assertThat(value(st, FRESH_QUERY)).isEqualTo(FRESH);
            assertThat(value(st, "SELECT tableowner FROM pg_tables WHERE tablename = 'etl_runs'")).isEqualTo("etl");
            assertThatThrownBy(() -> st.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("must be superuser or have privileges");
            assertThatThrownBy(() -> st.executeQuery("SELECT pg_read_file('/etc/hostname')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        Clone alice = engine.createClone("alice1", "alice", PASSWORD, true);
        try (Connection c = EngineFixture.connect(alice, PASSWORD); Statement st = c.createStatement()) {
            assertThat(value(st, FRESH_QUERY)).isEqualTo(FRESH);
            assertThatThrownBy(() -> st.execute("SET ROLE admins"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        Clone ops = engine.createClone("ops1", "ops", PASSWORD, true);
        try (Connection c = EngineFixture.connect(ops, PASSWORD); Statement st = c.createStatement()) {
            assertThat(value(st, FRESH_QUERY)).isEqualTo(FRESH);
            assertThat(value(st, "SHOW statement_timeout")).isEqualTo("0");
        }
        for (String id : new String[] {"etl1", "alice1", "ops1"}) {
            engine.client().destroyClone(id);
            engine.awaitGone(id);
        }
    }

    private static Connection postgresOver(Clone clone, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + clone.db().port() + "/postgres",
                "postgres", password);
    }

    static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
