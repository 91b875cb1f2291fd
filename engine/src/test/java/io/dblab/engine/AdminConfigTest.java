package io.dblab.engine;

import static io.dblab.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.client.model.Clone;
import io.dblab.client.transport.EngineReply;
import io.dblab.engine.admin.SourceTest;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The reference's {@code /admin} endpoints on a real engine in logical mode: the projection read and
 * changed, the change in force for the next clone and the refresh schedule and after a restart, bad
 * input refused with nothing changed, the Platform refused, the source password in no answer, audit
 * line or log line, and the source check against a real PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConfigTest {
    private static final String CLONE_PASSWORD = "Admin-Conf-7731-lantern-quarry";
    private static EngineFixture engine;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void start() {
        LOG.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        engine = EngineFixture.start(EngineFixture.Setup.logical(17640, 17649).withControlToken()
                .withCloneSettings(Map.of("work_mem", "7MB")));
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void getAnswersOurKeysInTheReferencesShape() {
        JsonNode config = json(engine.call("GET", "/admin/config", null, 200));

        assertThat(config.at("/databaseConfigs/configs/work_mem").asText()).isEqualTo("7MB");
        JsonNode dump = config.at("/retrieval/spec/logicalDump/options");
        assertThat(dump.at("/source/connection/host").asText()).isEqualTo(engine.source().server().socketDir().toString());
        assertThat(dump.at("/source/connection/port").intValue()).isEqualTo(engine.source().port());
        assertThat(dump.at("/parallelJobs").intValue()).isEqualTo(2);
        assertThat(config.at("/retrieval/refresh/timetable").asText()).isEmpty();
    }

    @Test
    @Order(2)
    void aChangeReachesTheNextCloneAndTheScheduleAndSurvivesARestart() throws Exception {
        JsonNode answer = json(engine.call("POST", "/admin/config", """
                {"databaseConfigs": {"configs": {"work_mem": "24MB"}},
                 "databaseContainer": {"dockerImage": "postgresai/extended-postgres:15"},
                 "retrieval": {"refresh": {"timetable": "0 3 * * *"},
                   "spec": {"logicalDump": {"options": {"parallelJobs": 3}}}}}
                """, 200));

        assertThat(answer.at("/databaseConfigs/configs/work_mem").asText()).isEqualTo("24MB");
        assertThat(answer.at("/retrieval/spec/logicalRestore/options/parallelJobs").intValue()).isEqualTo(3);
        assertThat(answer.at("/notApplied/databaseContainer.dockerImage").asText()).contains("not applied");
        assertThat(engine.client().retrieval().nextRefresh()).as("the timetable is scheduled at once").isNotNull();
        Clone clone = engine.createClone("after-change", "tuner", CLONE_PASSWORD, false);
        assertThat(show(clone, "work_mem")).isEqualTo("24MB");
        engine.client().destroyClone("after-change");
        engine.awaitGone("after-change");

        Path overlay = engine.stateDir().resolve(ConfigOverlay.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(overlay))).isEqualTo("rw-------");
        assertThat(auditLines()).anyMatch(line -> line.path("action").asText().equals("config.update")
                && line.path("result").asText().equals("OK 200")
                && line.at("/details/keys").toString().equals("[\"provision.cloneSettings\",\"retrieval.refresh.timetable\","
                        + "\"retrieval.parallelJobs\"]"));

        engine.stopEngine();
        engine.startEngine();
        JsonNode afterRestart = json(engine.call("GET", "/admin/config", null, 200));
        assertThat(afterRestart.at("/databaseConfigs/configs/work_mem").asText()).isEqualTo("24MB");
        assertThat(afterRestart.at("/retrieval/refresh/timetable").asText()).isEqualTo("0 3 * * *");
        assertThat(engine.client().retrieval().nextRefresh()).isNotNull();
        assertThat(engine.call("GET", "/admin/config.yaml", null, 200)).contains("parallelJobs: 3")
                .contains("Set through POST /admin/config");

        engine.call("POST", "/admin/config", "{\"retrieval\": {\"refresh\": {\"timetable\": \"\"}}}", 200);
        assertThat(engine.client().retrieval().nextRefresh()).as("no timetable, no next refresh").isNull();
    }

    @Test
    @Order(3)
    void badInputIsA400WithAMessageAndChangesNothing() throws IOException {
        String before = engine.call("GET", "/admin/config", null, 200);
        Path overlay = engine.stateDir().resolve(ConfigOverlay.FILE_NAME);
        String fileBefore = Files.exists(overlay) ? Files.readString(overlay) : "";
        Map<String, String> refused = Map.of(
                "{\"global\": {\"debug\": \"yes\"}}", "global.debug: must be a boolean",
                "{\"retrieval\": {\"refreshh\": {}}}", "unknown key 'retrieval.refreshh'",
                "{\"retrieval\": {\"refresh\": {\"timetable\": \"61 * * * *\"}}}", "retrieval.refresh.timetable",
                "{\"retrieval\": {\"spec\": {\"logicalRestore\": {\"options\": {\"customOptions\": [\"--jobs=8\"]}}}}}",
                "'--jobs=8' is the engine's to choose",
                "{\"retrieval\": {\"spec\": {\"logicalDump\": {\"options\": {\"source\": {\"connection\": {\"port\": \"99999\"}}}}}}}",
                "must be a port number from 1 to 65535",
                "{\"databaseConfigs\": {\"configs\": {\"work_mem\": \"64MB\", \"shared_preload_libraries\": \"evil\"}}}",
                "shared_preload_libraries",
                "{\"databaseConfigs\": {\"configs\": {\"work_mem\": \"lots\"}}}", "work_mem",
                "{\"global\": ", "malformed JSON");
        refused.forEach((body, message) -> {
            EngineReply reply = engine.client().raw("POST", "/admin/config", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(json(reply.body()).get("message").asText()).as(body).contains(message);
        });

        assertThat(engine.call("GET", "/admin/config", null, 200)).isEqualTo(before);
        assertThat(Files.exists(overlay) ? Files.readString(overlay) : "").isEqualTo(fileBefore);
        assertThat(auditLines()).anyMatch(line -> line.path("action").asText().equals("config.update")
                && line.path("result").asText().equals("FAILED 400"));
    }

    @Test
    @Order(4)
    void withoutTheTokenIs401AndThePlatformMayNotAskAtAll() {
        for (String[] route : new String[][] {{"GET", "/admin/config"}, {"POST", "/admin/config"},
                {"GET", "/admin/config.yaml"}, {"POST", "/admin/test-db-source"}}) {
            String body = route[0].equals("POST") ? "{}" : null;
            assertThat(engine.client("").raw(route[0], route[1], body).status()).as(route[1]).isEqualTo(401);
            EngineReply platform = engine.client(EngineFixture.CONTROL_TOKEN).raw(route[0], route[1], body);
            assertThat(platform.status()).as(route[1]).isEqualTo(403);
            assertThat(platform.body()).contains("FORBIDDEN");
        }
    }

    @Test
    @Order(5)
    void theSourcePasswordIsTakenButNeverToldAndIsUsedWhenACheckSendsNone() throws IOException {
        String password = TestPostgres.PASSWORD;
        json(engine.call("POST", "/admin/config", "{\"retrieval\": {\"spec\": {\"logicalDump\": {\"options\": {\"source\":"
                + " {\"connection\": {\"password\": \"" + password + "\"}}}}}}}", 200));

        // over TCP the source wants a password: the check sends none, so the configured one must be used
        JsonNode check = json(engine.call("POST", "/admin/test-db-source", connection("postgres", "", "postgres", null), 200));
        assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("ok");

        String yaml = engine.call("GET", "/admin/config.yaml", null, 200);
        assertThat(yaml).contains("password: '****'").contains("verificationToken: '****'")
                .doesNotContain(EngineFixture.TOKEN).doesNotContain(EngineFixture.CONTROL_TOKEN);
        for (String answer : List.of(engine.call("GET", "/admin/config", null, 200), yaml, check.toString())) {
            assertThat(answer).doesNotContain(password);
        }
        assertThat(Files.readString(engine.stateDir().resolve("audit.log"))).contains("retrieval.source.password")
                .doesNotContain(password);
        assertThat(LOG.list).noneMatch(event -> event.getFormattedMessage().contains(password));
    }

    @Test
    @Order(6)
    void theSourceCheckTellsWhatRetrievalWouldNeed() {
        JsonNode ok = json(engine.call("POST", "/admin/test-db-source",
                connection("postgres", TestPostgres.PASSWORD, "postgres", List.of("postgres")), 200));
        assertThat(ok.get("status").asText()).isEqualTo("ok");
        assertThat(ok.get("result").asText()).isEqualTo("ok");
        assertThat(ok.get("message").asText()).isEqualTo(SourceTest.READY);
        assertThat(ok.get("dbVersion").intValue()).isEqualTo(15);
        assertThat(ok.at("/databases/0/size").longValue()).isPositive();

        JsonNode wrongPassword = json(engine.call("POST", "/admin/test-db-source",
                connection("postgres", "not-the-password", "postgres", null), 200));
        assertThat(wrongPassword.get("status").asText()).isEqualTo("error");
        assertThat(wrongPassword.get("result").asText()).isEqualTo(SourceTest.CONNECTION_ERROR);
        assertThat(wrongPassword.get("message").asText()).contains("password authentication failed");

        JsonNode missing = json(engine.call("POST", "/admin/test-db-source",
                connection("postgres", TestPostgres.PASSWORD, "postgres", List.of("postgres", "nosuchdb")), 200));
        assertThat(missing.get("result").asText()).isEqualTo(SourceTest.MISSING_DATABASE);
        assertThat(missing.get("message").asText()).contains("\"nosuchdb\"");

        // app_user may read customers only (EngineFixture.SAMPLE_SCHEMA)
        JsonNode partial = json(engine.call("POST", "/admin/test-db-source",
                connection("app_user", "production-secret-pw", "postgres", List.of("postgres")), 200));
        assertThat(partial.get("result").asText()).isEqualTo(SourceTest.INSUFFICIENT_PRIVILEGES);
        assertThat(partial.get("message").asText()).contains("public.orders");

        String unreachable = "{\"host\": \"127.0.0.1\", \"port\": \"" + io.dblab.testkit.FreePorts.next()
                + "\", \"username\": \"postgres\", \"password\": \"x\"}";
        JsonNode down = json(engine.call("POST", "/admin/test-db-source", unreachable, 200));
        assertThat(down.get("result").asText()).isEqualTo(SourceTest.CONNECTION_ERROR);
        assertThat(down.get("message").asText()).contains("Connection refused");

        EngineReply badPort = engine.client().raw("POST", "/admin/test-db-source",
                "{\"host\": \"127.0.0.1\", \"port\": 5432, \"username\": \"postgres\"}");
        assertThat(badPort.status()).as("the spec's port is a string").isEqualTo(400);
        EngineReply noHost = engine.client().raw("POST", "/admin/test-db-source", "{\"port\": \"5432\"}");
        assertThat(noHost.status()).isEqualTo(400);
        assertThat(json(noHost.body()).get("message").asText()).contains("host is required");
    }

    @Test
    @Order(7)
    void wsAuthIsUnknownSinceThereIsNoWebSocket() {
        assertThat(engine.client().raw("GET", "/admin/ws-auth", null).status()).isEqualTo(404);
        assertThat(engine.client().raw("POST", "/admin/ws-auth", "{}").status()).isEqualTo(404);
    }

    private static String connection(String user, String password, String dbname, List<String> dbList) {
        StringBuilder body = new StringBuilder("{\"host\": \"127.0.0.1\", \"port\": \"" + engine.source().port()
                + "\", \"username\": \"" + user + "\", \"password\": \"" + password + "\", \"dbname\": \"" + dbname + "\"");
        if (dbList != null) {
            body.append(", \"db_list\": ").append(Json.mapper().valueToTree(dbList).toString());
        }
        return body.append('}').toString();
    }

    private static List<JsonNode> auditLines() {
        try {
            return Files.readAllLines(engine.stateDir().resolve("audit.log")).stream().map(EngineFixture::json).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String show(Clone clone, String setting) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, CLONE_PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
