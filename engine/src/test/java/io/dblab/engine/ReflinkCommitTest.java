package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A commit on a reflink pool, whose snapshots are file-by-file copies: the clone's server is
 * stopped for the copy and comes back on the same port, and the commit holds a consistent state.
 */
class ReflinkCommitTest {
    private static final String PASSWORD = "Reflink-Commit-Pass-4471-xyzzy";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16310, 16319).onReflink());
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aCommitStopsTheCloneForTheCopyAndStartsItAgain() throws SQLException {
        engine.client().createBranch(new BranchCreateRequest("copies", null, null));
        Clone clone = cloneOn("r1", "copies", "dev");
        execute(clone, "CREATE TABLE copied AS SELECT g FROM generate_series(1, 1000) g");

        String commit = engine.client().commit("r1", "copied table").snapshotID();

        Clone after = engine.client().clone("r1");
        assertThat(after.status().code()).isEqualTo("OK");
        assertThat(after.db().port()).isEqualTo(clone.db().port());
        assertThat(count(after, "SELECT count(*) FROM copied")).as("the clone runs again").isEqualTo(1000);
        Clone fromCommit = cloneOn("r2", "copies", "reader");
        assertThat(fromCommit.snapshot().id()).isEqualTo(commit);
        assertThat(count(fromCommit, "SELECT count(*) FROM copied")).isEqualTo(1000);
    }

    private static Clone cloneOn(String id, String branch, String user) {
        engine.client().createClone(new CloneRequest(id, null, new CloneRequest.DbRequest(user, PASSWORD, false, null),
                null, branch, null));
        return engine.awaitStatus(id, "OK");
    }

    private static void execute(Clone clone, String sql) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(Clone clone, String sql) throws SQLException {
        return EngineFixture.queryLong(clone, PASSWORD, sql);
    }
}
