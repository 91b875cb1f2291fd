package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.model.Clone;
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
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17110, 17119));
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
