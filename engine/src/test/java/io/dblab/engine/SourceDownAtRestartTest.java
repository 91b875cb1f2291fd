package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import org.junit.jupiter.api.Test;

/**
 * A source that is down when an engine with snapshots restarts does not keep the engine from
 * serving them: the start goes on (one warning), and the clones stay in service. (Without a
 * snapshot the start fails instead: {@code RetrievalFailureTest}.) Clone ports 18230–18239.
 */
class SourceDownAtRestartTest {
    private static final String PASSWORD = "Source-Down-Restart-4417-xyzzy";

    @Test
    void anEngineWithSnapshotsStartsWhileItsSourceIsDown() throws Exception {
        try (EngineFixture engine = EngineFixture.start(EngineFixture.Setup.logical(18230, 18239))) {
            Clone clone = engine.createClone("kept", "kept_user", PASSWORD, false);
            engine.stopEngine();
            engine.source().server().stop("fast");

            engine.startEngine();

            assertThat(engine.client().clone("kept").status().code()).isEqualTo("OK");
            assertThat(EngineFixture.queryLong(clone, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2000);
            assertThat(engine.client().snapshots()).isNotEmpty();
        }
    }
}
