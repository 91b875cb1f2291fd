package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.EngineState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit log after real work: retrieval's refresh, scheduled and requested snapshots (with their
 * ids), and what each clone request asked for (username, extra_conf), but no password and no
 * password verifier.
 */
class AuditTest {
    private static final String PASSWORD = "Audit-Secret-5820-xyzzy";

    @Test
    void snapshotsAndCloneRequestsAreAuditedWithoutSecrets() throws Exception {
        try (EngineFixture engine = EngineFixture.start(EngineFixture.Setup.logical(17000, 17019)
                .withSnapshotSchedule("@every 10s"))) {
            engine.client().createClone(new CloneRequest("audited1", null,
                    new CloneRequest.DbRequest("auditor", PASSWORD, true, null), null, null,
                    Map.of("work_mem", "8MB", "statement_timeout", "5min")));
            engine.awaitStatus("audited1", "OK");
            assertThat(engine.client().raw("POST", "/clone", "{\"db\": {\"username\": \"mallory\", \"password\": \""
                    + PASSWORD + "\"}, \"extra_conf\": {\"archive_command\": \"sh /tmp/x\"}}").status()).isEqualTo(400);
            String requested = engine.client().createSnapshot(null).id();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> audit(engine).stream().anyMatch(e -> "schedule".equals(e.path("details").path("trigger").asText())));

            List<JsonNode> audit = audit(engine);
            List<Snapshot> snapshots = engine.client().snapshots();
            String refreshed = snapshots.get(snapshots.size() - 1).id(); // the oldest: the first retrieval's
            assertThat(audit).anyMatch(e -> is(e, "engine", "retrieval.refresh", refreshed, "OK"));
            assertThat(audit).anyMatch(e -> is(e, "engine", "snapshot.create", requested, "OK")
                    && "request".equals(e.path("details").path("trigger").asText()));
            JsonNode scheduled = audit.stream()
                    .filter(e -> "schedule".equals(e.path("details").path("trigger").asText())).findFirst().orElseThrow();
            assertThat(is(scheduled, "engine", "snapshot.create", scheduled.path("target").asText(), "OK")).isTrue();
            assertThat(snapshots).anyMatch(s -> s.id().equals(scheduled.path("target").asText()));

            JsonNode created = audit.stream().filter(e -> is(e, "api@127.0.0.1", "POST /clone", "audited1", "OK 201"))
                    .findFirst().orElseThrow();
            assertThat(created.path("details").path("username").asText()).isEqualTo("auditor");
            assertThat(created.path("details").path("restricted").asBoolean()).isTrue();
            assertThat(Json.mapper().convertValue(created.path("details").path("extra_conf"), Map.class))
                    .isEqualTo(Map.of("work_mem", "8MB", "statement_timeout", "5min"));
            JsonNode refused = audit.stream().filter(e -> "POST /clone".equals(e.path("action").asText())
                    && "FAILED 400".equals(e.path("result").asText())).findFirst().orElseThrow();
            assertThat(refused.path("details").path("username").asText()).isEqualTo("mallory");
            assertThat(refused.path("details").path("extra_conf").path("archive_command").asText()).isEqualTo("sh /tmp/x");

            String text = Files.readString(engine.stateDir().resolve("audit.log"));
            String verifier = verifier(engine.stateDir(), "audited1");
            assertThat(verifier).startsWith("SCRAM-SHA-256$");
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(verifier);
            // nor any part of the verifier (salt, stored key, server key)
            for (String part : verifier.substring("SCRAM-SHA-256$".length()).split("[$:]")) {
                if (part.length() >= 8) {
                    assertThat(text).doesNotContain(part);
                }
            }
        }
    }

    private static boolean is(JsonNode entry, String caller, String action, String target, String result) {
        return caller.equals(entry.path("caller").asText()) && action.equals(entry.path("action").asText())
                && target.equals(entry.path("target").asText()) && result.equals(entry.path("result").asText());
    }

    private static List<JsonNode> audit(EngineFixture engine) throws IOException {
        return Files.readAllLines(engine.stateDir().resolve("audit.log")).stream().map(line -> {
            try {
                return Json.mapper().readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static String verifier(Path stateDir, String cloneId) throws IOException {
        EngineState state = Json.mapper().readValue(stateDir.resolve("state.json").toFile(), EngineState.class);
        return state.clones().stream().filter(c -> c.id().equals(cloneId)).map(CloneRecord::passwordVerifier)
                .findFirst().orElseThrow();
    }
}
