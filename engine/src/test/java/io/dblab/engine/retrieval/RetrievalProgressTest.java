package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Progress;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.EngineFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The progress of a refresh's long phases as {@code GET /instance/retrieval} serves it: how much of
 * how much is done, in tables or bytes, and, once the phase has run a while, its rate and the time
 * left.
 */
class RetrievalProgressTest {
    /**
     * Four more big tables (without indexes) beside the fixture's: the engine samples progress every
     * two seconds, and a dump of the fixture's bulk tables alone often ends before the second sample.
     */
    private static final EngineFixture.Setup SETUP = EngineFixture.Setup.logical(16740, 16749).withPoolSize("3GiB");

    @Test
    void copyAndIndexesReportDoneOfTotalWithRateAndTimeLeft() {
        try (EngineFixture engine = EngineFixture.start(SETUP)) {
            engine.source().psql().run("postgres", EngineFixture.BULK_TABLES + EngineFixture.MORE_BULK_TABLES);
            String lastRefresh = engine.client().retrieval().lastRefresh();
            engine.client().fullRefresh();

            List<Progress> seen = new ArrayList<>();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Retrieval retrieval = engine.client().retrieval();
                if (retrieval.progress() != null) {
                    seen.add(retrieval.progress());
                }
                return "failed".equals(retrieval.status())
                        || "finished".equals(retrieval.status()) && !lastRefresh.equals(retrieval.lastRefresh());
            });
            assertThat(engine.client().retrieval().status()).isEqualTo("finished");

            List<Progress> copyAndIndexes = seen.stream().filter(p -> List.of("copy", "indexes").contains(p.phase())).toList();
            assertThat(copyAndIndexes).extracting(Progress::phase).contains("copy", "indexes");
            assertThat(copyAndIndexes).allSatisfy(p -> {
                assertThat(p.unit()).isEqualTo("bytes");
                assertThat(p.total()).isPositive();
                assertThat(p.done()).isBetween(0L, p.total());
                if (p.done() > 0) {
                    // not the figure taken as the phase starts, with nothing done and no rate yet
                    assertThat(p.ratePerSecond()).isPositive();
                    assertThat(p.etaSeconds()).isNotNegative();
                }
            });
            // The index builds may end between two samples; the copy of the rows outlasts several.
            assertThat(copyAndIndexes).filteredOn(p -> "copy".equals(p.phase())).anySatisfy(p -> {
                assertThat(p.done()).isPositive();
                assertThat(p.ratePerSecond()).isPositive();
                assertThat(p.etaSeconds()).isNotNegative();
            });
        }
    }
}
