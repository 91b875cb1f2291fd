package io.dblab.engine;

import static io.dblab.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.model.Clone;
import io.dblab.client.transport.EngineReply;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.engine.retrieval.RetrievalService;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The reference's first start (its CI test {@code 2.logical_generic.sh}): a logical engine started
 * without a source serves its API with retrieval {@code pending}, until {@code POST /admin/config}
 * gives the source; the first refresh then runs in the background, and a restart keeps the source.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PendingStartTest {
    private static final String CLONE_PASSWORD = "Pending-Start-4417-walnut-harbor";
    private static final String WAITING = "retrieval waits for a source";
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static final Logger RETRIEVAL_LOG = (Logger) LoggerFactory.getLogger(RetrievalService.class);
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        LOG.start();
        RETRIEVAL_LOG.addAppender(LOG);
        engine = EngineFixture.start(EngineFixture.Setup.logical(17650, 17659).withoutSource());
    }

    @AfterAll
    static void stop() {
        RETRIEVAL_LOG.detachAppender(LOG);
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void withoutASourceTheEngineServesItsApiAndRetrievalIsPending() {
        JsonNode status = json(engine.call("GET", "/status", null, 200));
        assertThat(status.at("/status/code").asText()).isEqualTo("OK");
        assertThat(status.at("/retrieving/status").asText()).isEqualTo("pending");
        assertThat(status.at("/retrieving/mode").asText()).isEqualTo("logical");
        assertThat(engine.metric("dblab_retrieval_status", "status", "pending")).isEqualTo(1);
        assertThat(engine.metric("dblab_retrieval_status", "status", "refreshing")).isZero();
        assertThat(LOG.list).filteredOn(event -> event.getFormattedMessage().contains(WAITING)).singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains("POST /admin/config"));
        assertThat(engine.client().snapshots()).isEmpty();
        JsonNode config = json(engine.call("GET", "/admin/config", null, 200));
        assertThat(config.at("/retrieval/spec/logicalDump/options/source/connection/host").asText()).isEmpty();
    }

    @Test
    @Order(2)
    void whilePendingACloneIsRefusedForWantOfASnapshotAndARefreshForWantOfASource() {
        EngineReply clone = engine.client().raw("POST", "/clone", "{\"id\": \"early\", \"db\": {\"username\": \"early\","
                + " \"password\": \"" + CLONE_PASSWORD + "\"}}");
        assertThat(clone.status()).as(clone.body()).isEqualTo(400);
        assertThat(json(clone.body()).get("message").asText()).isEqualTo("no snapshot is available yet; wait for retrieval"
                + " to finish");

        EngineReply refresh = engine.client().raw("POST", "/full-refresh", null);
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(json(refresh.body()).get("message").asText()).isEqualTo(RetrievalService.AWAITING_SOURCE)
                .startsWith("Data retrieving suspended because Retrieval state is pending");
        assertThat(engine.client().retrieval().status()).isEqualTo("pending");
    }

    @Test
    @Order(3)
    void aChangeWithoutTheSourceKeepsItPendingAndItsTimetableWaits() {
        engine.call("POST", "/admin/config", "{\"retrieval\": {\"refresh\": {\"timetable\": \"0 3 * * 1\"},"
                + " \"spec\": {\"logicalDump\": {\"options\": {\"parallelJobs\": 3}}}}}", 200);

        assertThat(engine.client().retrieval().status()).isEqualTo("pending");
        assertThat(engine.client().snapshots()).isEmpty();
        assertThat(engine.client().retrieval().nextRefresh()).as("no refresh is scheduled without a source").isNull();
    }

    @Test
    @Order(4)
    void theSourceThroughTheApiStartsTheFirstRefreshAndItsDataCanBeCloned() throws Exception {
        String body = """
                {"retrieval": {"refresh": {"timetable": "0 3 * * 1"},
                  "spec": {"logicalDump": {"options": {"parallelJobs": 2, "databases": {"postgres": {}},
                    "source": {"connection": {"host": "%s", "port": "%d", "dbname": "postgres", "username": "postgres"}}}}}}}
                """.formatted(engine.source().server().socketDir(), engine.source().port());
        JsonNode answer = json(engine.call("POST", "/admin/config", body, 200));

        // answered at once: the refresh runs in the background, and has not finished yet
        assertThat(engine.client().retrieval().status()).isIn("pending", "refreshing");
        assertThat(answer.at("/retrieval/spec/logicalDump/options/source/connection/port").intValue())
                .isEqualTo(engine.source().port());
        engine.awaitSnapshot();
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
        assertThat(engine.metric("dblab_retrieval_status", "status", "finished")).isEqualTo(1);
        assertThat(engine.client().snapshots()).hasSize(1);
        assertThat(engine.client().retrieval().nextRefresh()).as("the timetable set while pending runs now").isNotNull();
        assertThat(Files.readString(engine.stateDir().resolve(ConfigOverlay.FILE_NAME)))
                .contains(ConfigOverlay.SOURCE_CONN_STR);

        Clone clone = engine.createClone("after-source", "reader", CLONE_PASSWORD, false);
        assertThat(EngineFixture.queryLong(clone, CLONE_PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2000);
    }

    @Test
    @Order(5)
    void afterARestartTheSourceOfAdminConfigYmlHoldsAndNothingWaits() {
        int snapshots = engine.client().snapshots().size();
        LOG.list.clear();

        engine.stopEngine();
        engine.startEngine();

        Waits.promptly("retrieval resumed").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> "finished".equals(engine.client().retrieval().status()));
        assertThat(LOG.list).noneMatch(event -> event.getFormattedMessage().contains(WAITING));
        assertThat(engine.client().snapshots()).as("resumed, not filled again").hasSize(snapshots);
        assertThat(engine.client().clone("after-source").status().code()).isEqualTo("OK");
        JsonNode config = json(engine.call("GET", "/admin/config", null, 200));
        assertThat(config.at("/retrieval/spec/logicalDump/options/source/connection/port").intValue())
                .isEqualTo(engine.source().port());
        assertThat(engine.config().retrieval().source().connStr()).as("the fixture's server.yml has none").isNull();
    }
}
