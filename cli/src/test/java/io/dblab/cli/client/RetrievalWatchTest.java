package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Progress;
import io.dblab.client.model.Retrieval;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line {@code dblab instance status --watch} draws for a retrieval's progress. */
class RetrievalWatchTest {

    @Test
    void barAmountsRateAndTimeLeft() {
        assertThat(RetrievalWatch.describe(refreshing(new Progress("restore", 3L << 29, 2L << 30, "bytes", 50 << 20, 20))))
                .isEqualTo("retrieval: refreshing, restore [" + "#".repeat(23) + ".".repeat(7) + "]  75% "
                        + "1.5 GiB of 2.0 GiB, 50.0 MiB/s, 20 s left");
    }

    @Test
    void aSlowRateOfWholeUnitsKeepsItsTenths() {
        assertThat(RetrievalWatch.describe(refreshing(new Progress("dump", 2, 40, "tables", 0.4, 95))))
                .endsWith("2 tables of 40 tables, 0.4 tables/s, 95 s left");
        assertThat(RetrievalWatch.describe(refreshing(new Progress("dump", 20, 40, "tables", 12.6, 2))))
                .endsWith("20 tables of 40 tables, 12 tables/s, 2 s left");
    }

    @Test
    void withoutProgressOnlyTheStatus() {
        assertThat(RetrievalWatch.describe(refreshing(null))).isEqualTo("retrieval: refreshing");
    }

    private static Retrieval refreshing(Progress progress) {
        return new Retrieval("logical", "refreshing", null, null, Map.of(), null, progress);
    }
}
