package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.Clone;
import io.dblab.client.transport.EngineReply;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timed protection of clones, snapshots and branches (the reference's {@code protectionDurationMinutes},
 * default and maximum from the config, {@code protectedTill}), its end on the engine's clock, a clone's
 * own idle limit, branch protection and {@code GET /branch/snapshot/{id}}, on a real engine.
 */
class ProtectionApiTest {
    private static final String PASSWORD = "Protect-Secret-5813-xyzzy";
    private static final int DEFAULT_MINUTES = 60;
    private static final int MAX_MINUTES = 120;
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16360, 16379).withMaxIdleMinutes(0)
                .withProtectionLease(DEFAULT_MINUTES, MAX_MINUTES));
        // the test moves time on by hand: protections end and clones idle without waiting
        engine.clock().freeze();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aTimedClonesProtectionEndsByItselfAndSurvivesARestart() throws Exception {
        Instant asked = engine.clock().instant();
        EngineReply created = send("POST", "/clone", "{\"id\": \"timed1\", \"protected\": true,"
                + " \"protectionDurationMinutes\": 30, " + db("u1") + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Clone clone = engine.awaitStatus("timed1", "OK");
        assertThat(clone.isProtected()).isTrue();
        assertThat(Instant.parse(clone.protectedTill())).isEqualTo(asked.plus(Duration.ofMinutes(30))
                .truncatedTo(ChronoUnit.SECONDS));
        assertThat(clone.metadata().protectionLeaseDurationMinutes()).isEqualTo(DEFAULT_MINUTES);
        assertThat(clone.metadata().protectionMaxDurationMinutes()).isEqualTo(MAX_MINUTES);
        assertError(send("DELETE", "/clone/timed1", null), 400, "protected");

        engine.stopEngine();
        engine.startEngine();
        assertThat(engine.client().clone("timed1").protectedTill()).isEqualTo(clone.protectedTill());

        engine.clock().advance(Duration.ofMinutes(31));
        Clone expired = engine.client().clone("timed1");
        assertThat(expired.isProtected()).isFalse();
        assertThat(expired.protectedTill()).isNull();
        Waits.promptly("the end of the protection recorded").until(() ->
                Files.readAllLines(engine.stateDir().resolve("audit.log")).stream()
                        .anyMatch(l -> l.contains("clone.protection_expired") && l.contains("timed1")));
        engine.client().destroyClone("timed1");
        engine.awaitGone("timed1");
    }

    @Test
    void theConfigGivesTheDefaultDurationAndCapsEveryProtection() {
        Instant now = engine.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        assertThat(protectedTillOf(send("POST", "/clone", "{\"id\": \"lease1\", \"protected\": true, "
                + db("u2") + "}"))).isEqualTo(now.plus(Duration.ofMinutes(DEFAULT_MINUTES)));
        assertThat(protectedTillOf(send("PATCH", "/clone/lease1", "{\"protected\": true,"
                + " \"protectionDurationMinutes\": 500}"))).isEqualTo(now.plus(Duration.ofMinutes(MAX_MINUTES)));
        assertThat(protectedTillOf(send("PATCH", "/clone/lease1", "{\"protected\": true,"
                + " \"protectionDurationMinutes\": 0}"))).as("0 means the maximum when there is one")
                .isEqualTo(now.plus(Duration.ofMinutes(MAX_MINUTES)));
        JsonNode lifted = json(send("PATCH", "/clone/lease1", "{\"protected\": false}"));
        assertThat(lifted.get("protected").asBoolean()).isFalse();
        assertThat(lifted.has("protectedTill")).isFalse();
        JsonNode status = json(send("GET", "/status", null)).get("cloning");
        assertThat(status.get("protectionLeaseDurationMinutes").asInt()).isEqualTo(DEFAULT_MINUTES);
        assertThat(status.get("protectionMaxDurationMinutes").asInt()).isEqualTo(MAX_MINUTES);
        engine.awaitStatus("lease1", "OK");
        engine.client().destroyClone("lease1");
        engine.awaitGone("lease1");
    }

    @Test
    void aClonesOwnIdleLimitDeletesItWhenUnused() {
        EngineReply created = send("POST", "/clone", "{\"id\": \"idle1\", \"maxIdleMinutes\": 5, " + db("u3") + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Clone clone = engine.awaitStatus("idle1", "OK");
        assertThat(clone.metadata().maxIdleMinutes()).isEqualTo(5);
        assertThat(Instant.parse(clone.deleteAt())).isAfter(engine.clock().instant());
        engine.clock().advance(Duration.ofMinutes(6));
        engine.awaitGone("idle1");
    }

    @Test
    void badProtectionAndIdleRequestsGetA400WithAMessage() {
        assertError(send("POST", "/clone", "{\"protected\": true, \"protectionDurationMinutes\": -1, " + db("u4") + "}"),
                400, "protectionDurationMinutes must be >= 0");
        assertError(send("POST", "/clone", "{\"protected\": true, \"protectionDurationMinutes\": \"soon\", "
                + db("u4") + "}"), 400, "protectionDurationMinutes");
        assertError(send("POST", "/clone", "{\"maxIdleMinutes\": 0, " + db("u4") + "}"), 400, "maxIdleMinutes must be >= 1");
        assertError(send("PATCH", "/clone/nope", "{\"protected\": true}"), 404, "not found");
        assertError(send("PATCH", "/branch/main", "{\"protected\": false, \"protectionDurationMinutes\": 5}"), 400,
                "needs \"protected\": true");
        assertError(send("PATCH", "/branch/main", "{\"deleteAt\": \"2030-01-01T00:00:00Z\"}"), 400, "deleteAt");
        assertError(send("PATCH", "/branch/main", "{}"), 400, "nothing to update");
        assertError(send("PATCH", "/branch/nope", "{\"protected\": true}"), 400, "branch not found: nope");
        assertError(send("PATCH", "/snapshot/pool1@nope", "{\"protected\": true}"), 400, "not found");
        assertThat(engine.client("wrong-token").raw("PATCH", "/branch/main", "{\"protected\": true}").status())
                .isEqualTo(401);
        assertThat(engine.client("wrong-token").raw("GET", "/branch/snapshot/x@y", null).status()).isEqualTo(401);
        assertThat(engine.client().clones()).noneMatch(c -> c.db().username().equals("u4"));
    }

    @Test
    void aProtectedBranchCannotBeDeletedUntilItsProtectionEnds() {
        engine.client().createBranch(new BranchCreateRequest("guarded", null, null));
        Instant now = engine.clock().instant();
        JsonNode protectedBranch = json(send("PATCH", "/branch/guarded",
                "{\"protected\": true, \"protectionDurationMinutes\": 10}"));
        assertThat(protectedBranch.get("name").asText()).isEqualTo("guarded");
        assertThat(protectedBranch.get("protected").asBoolean()).isTrue();
        assertThat(Instant.parse(protectedBranch.get("protectedTill").asText()))
                .isEqualTo(now.plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(engine.client().branches()).filteredOn(b -> b.name().equals("guarded"))
                .singleElement().satisfies(b -> assertThat(b.isProtected()).isTrue());
        assertError(send("DELETE", "/branch/guarded", null), 400, "protected");
        engine.clock().advance(Duration.ofMinutes(11));
        assertThat(send("DELETE", "/branch/guarded", null).status()).isEqualTo(200);
    }

    @Test
    void aSnapshotCanBeProtectedForAWhile() {
        String id = engine.client().snapshots().get(0).id();
        JsonNode snapshot = json(send("PATCH", "/snapshot/" + id, "{\"protected\": true, \"protectionDurationMinutes\": 5}"));
        assertThat(snapshot.get("protected").asBoolean()).isTrue();
        assertThat(snapshot.get("protectedTill").asText()).isNotEmpty();
        engine.clock().advance(Duration.ofMinutes(6));
        assertThat(engine.client().snapshot(id).isProtected()).isFalse();
    }

    @Test
    void branchSnapshotShowsASnapshotAsTheLogDoes() {
        String id = engine.client().snapshots().get(0).id();
        JsonNode details = json(send("GET", "/branch/snapshot/" + id, null));
        assertThat(details.get("id").asText()).isEqualTo(id);
        assertThat(details.get("parent").asText()).isEqualTo("-");
        assertThat(details.get("branch").isArray()).isTrue();
        assertThat(details.get("child").isArray()).isTrue();
        assertThat(details.get("dataStateAt").asText()).matches("\\d{14}");
        assertThat(engine.client().branchSnapshot(id).id()).isEqualTo(id);
        assertError(send("GET", "/branch/snapshot/pool1@snapshot_20000101000000", null), 404, "not found");
        assertError(send("GET", "/branch/snapshot/nopool@snapshot_20000101000000", null), 400, "pool");
    }

    private static String db(String user) {
        return "\"db\": {\"username\": \"" + user + "\", \"password\": \"" + PASSWORD + "\"}";
    }

    private static Instant protectedTillOf(EngineReply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(200, 201);
        return Instant.parse(json(reply).get("protectedTill").asText());
    }

    private static EngineReply send(String method, String path, String body) {
        return engine.client().raw(method, path, body);
    }

    private static void assertError(EngineReply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(json(reply).get("message").asText()).contains(message);
    }

    private static JsonNode json(EngineReply reply) {
        try {
            return Json.mapper().readTree(reply.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + reply.body(), e);
        }
    }
}
