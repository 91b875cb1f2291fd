package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.DblabApiException;
import io.dblab.client.Json;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.DataStateAt;
import io.dblab.client.model.LogEntry;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Snapshot;
import io.dblab.client.transport.EngineReply;
import io.dblab.pg.process.Command;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Branches on a real engine: create, clone, commit, log, delete, and a restart in between. */
class BranchTest {
    private static final String PASSWORD = "Branch-Pass-6621-plugh";
    private static EngineFixture engine;
    private static String retrieved;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(16300, 16309, "1GiB", 0);
        retrieved = engine.client().snapshots().get(0).id();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Each test starts with no clones and only main, and a running engine even after a failed restart. */
    @AfterEach
    void cleanUp() {
        try {
            engine.client().healthz();
        } catch (DblabApiException e) {
            engine.startEngine();
        }
        for (Clone clone : engine.client().clones()) {
            engine.client().destroyClone(clone.id());
            engine.awaitGone(clone.id());
        }
        List<BranchView> branches = engine.client().branches();
        for (int i = branches.size() - 1; i > 0; i--) { // children were created after their parents
            engine.client().deleteBranch(branches.get(i).name());
        }
    }

    @Test
    void mainExistsAndFollowsTheRetrievedSnapshot() throws Exception {
        List<BranchView> branches = engine.client().branches();
        assertThat(branches).hasSize(1);
        BranchView main = branches.get(0);
        assertThat(main.name()).isEqualTo("main");
        assertThat(main.parent()).isEqualTo("-");
        assertThat(main.snapshotID()).isEqualTo(retrieved);
        // the reference's compact data time (its CLI parses YYYYMMDDHHMMSS), the snapshot's instant
        assertThat(main.dataStateAt()).matches("\\d{14}");
        assertThat(DataStateAt.parse(main.dataStateAt()))
                .contains(Instant.parse(engine.client().snapshot(retrieved).dataStateAt()));
        assertThat(main.numSnapshots()).isEqualTo(1);

        JsonNode raw = json(engine.client().raw("GET", "/branches", null));
        assertThat(raw.get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("name", "parent", "dataStateAt", "snapshotID", "numSnapshots", "protected");
        JsonNode log = json(engine.client().raw("GET", "/branch/main/log", null));
        assertThat(log).hasSize(1);
        assertThat(log.get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "parent", "child", "branch", "root", "dataStateAt", "message", "clones",
                        "protected");
        assertThat(log.get(0).get("parent").asText()).isEqualTo("-");
        assertThat(log.get(0).get("branch").get(0).asText()).isEqualTo("main");
    }

    @Test
    void aCommitExtendsTheBranchAndNewClonesSeeItButMainDoesNot() throws SQLException {
        assertThat(engine.client().createBranch(new BranchCreateRequest("feature", null, null)).name())
                .isEqualTo("feature");
        assertThat(branch("feature").parent()).isEqualTo("main");
        assertThat(branch("feature").snapshotID()).isEqualTo(retrieved);
        assertThat(branch("feature").numSnapshots()).isZero();

        Clone work = cloneOn("work1", "feature", null, "dev");
        assertThat(work.branch()).isEqualTo("feature");
        assertThat(work.snapshot().id()).isEqualTo(retrieved);
        execute(work, "CREATE TABLE feature_data (n int); INSERT INTO feature_data VALUES (1)");

        String first = engine.client().commit("work1", "add feature_data").snapshotID();
        assertThat(first).matches("pool1@snapshot_\\d{14}").isNotEqualTo(retrieved);
        assertThat(branch("feature").snapshotID()).isEqualTo(first);
        assertThat(engine.client().clone("work1").snapshot().id()).as("the clone stands on its commit").isEqualTo(first);

        execute(work, "INSERT INTO feature_data VALUES (2)");
        Snapshot second = engine.client().snapshotClone("work1", "second row");
        assertThat(second.branch()).isEqualTo("feature");
        assertThat(second.message()).isEqualTo("second row");
        assertThat(second.clones()).containsExactly("work1");

        List<LogEntry> log = engine.client().branchLog("feature");
        assertThat(log).extracting(LogEntry::id).containsExactly(second.id(), first, retrieved);
        assertThat(log).extracting(LogEntry::parent).containsExactly(first, retrieved, "-");
        assertThat(log).extracting(LogEntry::message).containsExactly("second row", "add feature_data", "logical retrieval");
        assertThat(log.get(0).branch()).containsExactly("feature");
        assertThat(log.get(1).branch()).isEmpty();
        assertThat(log.get(2).branch()).containsExactly("main");
        assertThat(branch("feature").numSnapshots()).isEqualTo(2);
        assertThat(engine.client().snapshots("feature")).extracting(Snapshot::id).containsExactly(second.id(), first);
        assertThat(engine.client().snapshots("main")).extracting(Snapshot::id).containsExactly(retrieved);

        Clone head = cloneOn("head1", "feature", null, "reviewer");
        assertThat(head.snapshot().id()).isEqualTo(second.id());
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + head.db().port()
                + "/postgres", "dev", PASSWORD)).as("the committer's password does not open clones of the commit")
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThat(count(head, "SELECT count(*) FROM feature_data")).isEqualTo(2);
        assertThat(count(head, "SELECT count(*) FROM orders")).isEqualTo(20000);
        Clone older = cloneOn("older1", null, first, "auditor");
        assertThat(older.branch()).as("a snapshot's clone is on the snapshot's branch").isEqualTo("feature");
        assertThat(count(older, "SELECT count(*) FROM feature_data")).isEqualTo(1);

        Clone onMain = cloneOn("main1", null, null, "plain");
        assertThat(onMain.branch()).isEqualTo("main");
        assertThat(onMain.snapshot().id()).isEqualTo(retrieved);
        assertThat(count(onMain, "SELECT count(*) FROM pg_tables WHERE tablename = 'feature_data'")).isZero();
        assertThat(engine.client().branchLog("main")).extracting(LogEntry::id).containsExactly(retrieved);
        assertThat(branch("main").snapshotID()).isEqualTo(retrieved);

        // "latest" for a clone on a branch is the branch's head
        execute(head, "DROP TABLE feature_data");
        engine.client().resetClone("head1", new ResetRequest(null, true));
        assertThat(count(engine.awaitStatus("head1", "OK"), "SELECT count(*) FROM feature_data")).isEqualTo(2);
    }

    @Test
    void branchesAreRefusedWhatWouldBreakTheirLines() {
        assertBadRequest(() -> engine.client().createBranch(new BranchCreateRequest("main", null, null)), "already exists");
        assertBadRequest(() -> engine.client().createBranch(new BranchCreateRequest("-dash", null, null)), "invalid branch name");
        assertBadRequest(() -> engine.client().createBranch(new BranchCreateRequest("a/b", null, null)), "invalid branch name");
        assertBadRequest(() -> engine.client().createBranch(new BranchCreateRequest("", null, null)), "missing branch name");
        assertBadRequest(() -> engine.client().createBranch(new BranchCreateRequest("x", "nope", null)), "base branch 'nope' not found");
        assertBadRequest(() -> engine.client().createBranch(new BranchCreateRequest("x", null, "pool1@nope")), "snapshot 'pool1@nope' not found");
        assertBadRequest(() -> engine.client().deleteBranch("main"), "cannot be deleted");
        assertBadRequest(() -> engine.client().commit("nope", "m"), "clone 'nope' not found");
        assertBadRequest(() -> engine.client().createClone(new CloneRequest("c", null,
                new CloneRequest.DbRequest("u", PASSWORD, false, null), null, "nope", null)), "branch 'nope' not found");
        // an unknown branch is a bad request, as the reference answers
        assertBadRequest(() -> engine.client().deleteBranch("nope"), "branch not found: nope");
        assertBadRequest(() -> engine.client().branchLog("nope"), "branch not found: nope");

        engine.client().createBranch(new BranchCreateRequest("parent1", null, null));
        assertBadRequest(() -> engine.client().deleteSnapshot(retrieved, false), "head of branch parent1");
        cloneOn("p1", "parent1", null, "dev");
        String commit = engine.client().commit("p1", "on parent1").snapshotID();
        engine.client().createBranch(new BranchCreateRequest("child1", "parent1", null));
        assertThat(branch("child1").parent()).isEqualTo("parent1");
        assertThat(branch("child1").snapshotID()).isEqualTo(commit);
        engine.client().createBranch(new BranchCreateRequest("fromsnap", null, commit));
        assertThat(branch("fromsnap").parent()).as("the branch of the chosen snapshot").isEqualTo("parent1");

        assertBadRequest(() -> engine.client().deleteBranch("parent1"), "has clones: p1");
        assertBadRequest(() -> engine.client().deleteSnapshot(retrieved, true), "is the parent of " + commit);
        assertThat(engine.client().clones()).as("force destroys nothing when the snapshot stays").hasSize(1);
        engine.client().destroyClone("p1");
        engine.awaitGone("p1");
        assertBadRequest(() -> engine.client().deleteBranch("parent1"), "has child branches: child1, fromsnap");
        assertBadRequest(() -> engine.client().deleteSnapshot(commit, true), "head of branch child1, fromsnap, parent1");

        assertThat(engine.client().deleteBranch("child1").message()).isEqualTo("Deleted branch");
        engine.client().deleteBranch("fromsnap");
        engine.client().deleteBranch("parent1");
        assertThat(engine.client().branches()).extracting(BranchView::name).containsExactly("main");
        assertThat(engine.client().snapshots()).extracting(Snapshot::id).containsExactly(retrieved);
        assertThat(engine.client().branchLog("main")).extracting(LogEntry::id).containsExactly(retrieved);
    }

    @Test
    void deletingABranchKeepsTheSnapshotsOtherClonesUse() throws SQLException {
        engine.client().createBranch(new BranchCreateRequest("short", null, null));
        cloneOn("s1", "short", null, "dev");
        execute(engine.client().clone("s1"), "CREATE TABLE kept (n int)");
        String commit = engine.client().commit("s1", "keep me").snapshotID();
        engine.client().destroyClone("s1");
        engine.awaitGone("s1");
        Clone user = cloneOn("onmain1", "main", commit, "reader");

        engine.client().deleteBranch("short");

        assertThat(engine.client().snapshots()).extracting(Snapshot::id).contains(commit);
        assertThat(count(user, "SELECT count(*) FROM pg_tables WHERE tablename = 'kept'")).isEqualTo(1);
        engine.client().destroyClone("onmain1");
        engine.awaitGone("onmain1");
        engine.client().deleteSnapshot(commit, false);
    }

    @Test
    void branchesAndTheirLinesSurviveARestart() throws SQLException {
        engine.client().createBranch(new BranchCreateRequest("durable", null, null));
        Clone clone = cloneOn("d1", "durable", null, "dev");
        execute(clone, "CREATE TABLE durable_data AS SELECT 42 AS answer");
        String commit = engine.client().commit("d1", "before restart").snapshotID();

        engine.stopEngine();
        engine.startEngine();

        assertThat(branch("durable").snapshotID()).isEqualTo(commit);
        assertThat(branch("durable").parent()).isEqualTo("main");
        assertThat(engine.client().branchLog("durable")).extracting(LogEntry::id).containsExactly(commit, retrieved);
        assertThat(branch("main").snapshotID()).isEqualTo(retrieved);
        assertThat(engine.client().clone("d1").branch()).isEqualTo("durable");
        Clone after = cloneOn("d2", "durable", null, "later");
        assertThat(count(after, "SELECT answer FROM durable_data")).isEqualTo(42);
    }

    @Test
    void aHeadLostFromTheDiskFallsBackToItsParentAtStart() {
        engine.client().createBranch(new BranchCreateRequest("lossy", null, null));
        cloneOn("l1", "lossy", null, "dev");
        String first = engine.client().commit("l1", "kept").snapshotID();
        String second = engine.client().commit("l1", "lost").snapshotID();
        engine.client().destroyClone("l1");
        engine.awaitGone("l1");

        engine.stopEngine();
        Command.of("btrfs", "subvolume", "delete",
                engine.poolRoot().resolve("snapshots").resolve(second.substring(second.indexOf('@') + 1)).toString()).check();
        engine.startEngine();

        assertThat(engine.client().snapshots()).extracting(Snapshot::id).doesNotContain(second);
        assertThat(branch("lossy").snapshotID()).isEqualTo(first);
        assertThat(engine.client().branchLog("lossy")).extracting(LogEntry::id).containsExactly(first, retrieved);
    }

    private static BranchView branch(String name) {
        return engine.client().branches().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static Clone cloneOn(String id, String branch, String snapshotId, String user) {
        engine.client().createClone(new CloneRequest(id, null, new CloneRequest.DbRequest(user, PASSWORD, false, null),
                snapshotId == null ? null : new CloneRequest.SnapshotRef(snapshotId), branch, null));
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

    private static void assertBadRequest(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DblabApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static JsonNode json(EngineReply response) throws Exception {
        assertThat(response.status()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
