package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.transport.EngineReply;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A pool whose file system is (nearly) full: new clones are refused up front, running ones keep working. */
class OutOfSpaceTest {
    private static final int PORT_FROM = 16260;
    private static final int PORT_TO = 16269;
    private static final long MIB = 1024L * 1024;
    /** The engine refuses a new clone below this much free space. */
    private static final long MIN_FREE = 64 * MIB;
    private static final String PASSWORD = "Space-Pass-2290-quux-plover";
    private static EngineFixture engine;
    private final List<Path> fillers = new ArrayList<>();

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(PORT_FROM, PORT_TO, "300MiB", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void removeFillers() {
        engine.removeFillers(fillers);
    }

    @Test
    void aFullPoolRefusesNewClonesAndKeepsServingTheOldOnes() throws Exception {
        Clone existing = engine.createClone("space1", "spacer", PASSWORD, false);
        assertThat(selectOne(existing)).isEqualTo(1);
        int clonesBefore = engine.client().clones().size();

        fillers.addAll(engine.fillPoolLeavingLessThan(MIN_FREE));
        assertThat(engine.client().status().pools().get(0).fileSystem().free()).isLessThan(MIN_FREE);

        EngineReply refused = engine.client().raw("POST", "/clone",
                "{\"id\":\"space2\",\"db\":{\"username\":\"second\",\"password\":\"" + PASSWORD + "\"}}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("BAD_REQUEST").contains("pool1").contains("out of space");
        // refused up front: nothing recorded, nothing made on disk
        assertThat(engine.client().clones()).hasSize(clonesBefore);
        assertThat(engine.client().raw("GET", "/clone/space2", null).status()).isEqualTo(404);
        assertThat(engine.cloneDirs()).containsExactly("space1");

        // the clone that was there keeps answering
        assertThat(selectOne(existing)).isEqualTo(1);
        assertThat(engine.client().clone("space1").status().code()).isEqualTo("OK");

        removeFillers();
        fillers.clear();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.client().status().pools().get(0).fileSystem().free() >= MIN_FREE);

        // the same id works now: the refusal left no trace of it
        Clone second = engine.createClone("space2", "second", PASSWORD, false);
        assertThat(second.db().port()).isNotEqualTo(existing.db().port());
        assertThat(selectOne(second)).isEqualTo(1);
        assertThat(selectOne(existing)).isEqualTo(1);

        for (String id : List.of("space1", "space2")) {
            engine.client().destroyClone(id);
            engine.awaitGone(id);
        }
    }

    private static int selectOne(Clone clone) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
