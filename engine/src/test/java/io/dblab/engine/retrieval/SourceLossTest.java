package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Progress;
import io.dblab.client.model.Retrieval;
import io.dblab.client.transport.EngineReply;
import io.dblab.engine.EngineFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A source that goes away in the middle of a dump: the refresh fails with the cause, the old snapshot serves on. */
class SourceLossTest {
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16540, 16549));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void refreshFailsWithTheCauseAndTheOldSnapshotStaysInService() throws Exception {
        List<String> before = engine.client().snapshots().stream().map(s -> s.id()).toList();
        engine.source().psql().run("postgres",
                "CREATE TABLE bulk AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1500000) g");
        engine.client().fullRefresh();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Progress progress = engine.client().retrieval().progress();
            return progress != null && "copy".equals(progress.phase());
        });
        engine.source().server().stop("immediate");

        await().atMost(Duration.ofMinutes(1)).until(() -> "failed".equals(engine.client().retrieval().status()));
        Retrieval retrieval = engine.client().retrieval();
        String message = retrieval.alerts().get("refresh_failed").message();
        assertThat(message).contains("Logical retrieval failed").contains("copying the rows of database postgres from the source");
        // the cause, not only the tool that failed: what libpq says when the server drops its connections,
        // or, on a busy machine where a copy worker connects only after the stop, that it cannot connect
        assertThat(message).containsAnyOf("server closed the connection", "terminating connection",
                "connection to server");
        assertThat(engine.client().snapshots().stream().map(s -> s.id()).toList()).isEqualTo(before);
        assertThat(engine.poolRoot().resolve("dump")).doesNotExist();
        // the pool's data directory now holds a half-made cluster, which must not become a snapshot
        EngineReply snapshot = engine.client().raw("POST", "/snapshot", "{}");
        assertThat(snapshot.status()).isEqualTo(400);
        assertThat(snapshot.body()).contains("holds no complete copy");
        assertThat(engine.client().snapshots().stream().map(s -> s.id()).toList()).isEqualTo(before);

        Clone clone = engine.createClone("afterloss", "lou", "Source-Loss-5120-gnusto", false);
        try (Connection c = EngineFixture.connect(clone, "Source-Loss-5120-gnusto");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2000);
        }
        engine.client().destroyClone("afterloss");
        engine.awaitGone("afterloss");
    }
}
