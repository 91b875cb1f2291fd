package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dblab.client.DblabApiException;
import io.dblab.client.Json;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.Clone;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.UpdateCloneRequest;
import io.dblab.engine.config.EngineConfig;
import io.dblab.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Webhooks from a real engine to real receivers on loopback: one that answers, one that is down
 * (retried with backoff, then given up) and one that holds every request (the clone operations go
 * on regardless, and the answering receiver still gets its events). Every attempt is audited,
 * never with a secret. Branch events reach the hooks that name them, and only when the branch was
 * really created or deleted. A timed protection is warned about once, restart or not, then reported
 * when it ran out.
 */
class WebhookTest {
    private static final String SECRET = "hook-secret-4471-quux";
    private static final List<String> CLONE_EVENTS = List.of("clone_create", "clone_reset", "clone_delete");

    @Test
    void cloneEventsReachReceiversWithoutWaitingForThem() throws Exception {
        CountDownLatch releaseSlow = new CountDownLatch(1);
        try (Receiver ok = new Receiver(null); Receiver slow = new Receiver(releaseSlow)) {
            String down = "http://127.0.0.1:" + FreePorts.next() + "/down";
            EngineConfig.Webhooks hooks = new EngineConfig.Webhooks(List.of(
                    new EngineConfig.Hook(ok.url(), SECRET, CLONE_EVENTS),
                    new EngineConfig.Hook(down, "down-secret-9902", List.of("clone_create")),
                    new EngineConfig.Hook(slow.url(), "", CLONE_EVENTS)), 3, 100, 60_000);
            try (EngineFixture engine = EngineFixture.start(EngineFixture.Setup.logical(19970, 19979).withWebhooks(hooks))) {
                Clone clone = engine.createClone("hooked", "hookuser", "Hook-Pass-9931-plugh", false);
                await().atMost(Duration.ofSeconds(20)).until(() -> slow.received.size() == 1);

                // the slow receiver holds the create event meanwhile: reset and delete do not wait for it
                engine.client().resetClone("hooked", new ResetRequest(null, null));
                engine.awaitStatus("hooked", "OK");
                engine.client().destroyClone("hooked");
                engine.awaitGone("hooked");
                await().atMost(Duration.ofSeconds(20)).until(() -> ok.received.size() == 3);
                assertThat(releaseSlow.getCount()).isEqualTo(1);

                assertThat(ok.received).extracting(r -> r.body().path("event_type").asText()).containsExactlyElementsOf(CLONE_EVENTS);
                assertThat(ok.received).allSatisfy(r -> {
                    assertThat(r.token()).isEqualTo(SECRET);
                    assertThat(r.contentType()).isEqualTo("application/json");
                    assertThat(r.body().path("entity_id").asText()).isEqualTo("hooked");
                });
                JsonNode created = ok.received.get(0).body();
                assertThat(created.path("port").asText()).isEqualTo(clone.db().port());
                assertThat(created.path("host").asText()).isEqualTo("127.0.0.1");
                assertThat(created.path("username").asText()).isEqualTo("hookuser");
                assertThat(created.path("dbname").asText()).isEqualTo("postgres");

                await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(engine, down).size() == 3);
                assertThat(deliveries(engine, down)).extracting(e -> e.path("result").asText()).satisfiesExactly(
                        r -> assertThat(r).startsWith("FAILED: ").endsWith("; retrying in 100 ms"),
                        r -> assertThat(r).endsWith("; retrying in 200 ms"),
                        r -> assertThat(r).endsWith("; gave up after 3 attempts"));
                assertThat(deliveries(engine, ok.url())).hasSize(3)
                        .allSatisfy(e -> assertThat(e.path("result").asText()).isEqualTo("OK"));
                assertThat(deliveries(engine, slow.url())).isEmpty();

                releaseSlow.countDown();
                await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(engine, slow.url()).size() == 3);
                assertThat(slow.received).extracting(r -> r.body().path("event_type").asText())
                        .containsExactlyInAnyOrderElementsOf(CLONE_EVENTS);
                assertThat(slow.received.get(0).token()).isNull();
                String audit = Files.readString(engine.stateDir().resolve("audit.log"));
                assertThat(audit).doesNotContain(SECRET).doesNotContain("down-secret-9902");
            }
        }
    }

    @Test
    void branchEventsNameTheBranchOnlyWhenItWasCreatedOrDeleted() throws Exception {
        try (Receiver both = new Receiver(null); Receiver deletes = new Receiver(null)) {
            EngineConfig.Webhooks hooks = new EngineConfig.Webhooks(List.of(
                    new EngineConfig.Hook(both.url(), SECRET, List.of("branch_create", "branch_delete")),
                    new EngineConfig.Hook(deletes.url(), "", List.of("branch_delete", "clone_create"))), 3, 100, 5_000);
            try (EngineFixture engine = EngineFixture.start(EngineFixture.Setup.logical(19970, 19979).withWebhooks(hooks))) {
                engine.client().createBranch(new BranchCreateRequest("hooked-branch", null, null));
                await().atMost(Duration.ofSeconds(20)).until(() -> both.received.size() == 1);

                // refused requests change nothing, so they report nothing
                assertThatThrownBy(() -> engine.client().createBranch(new BranchCreateRequest("hooked-branch", null, null)))
                        .isInstanceOf(DblabApiException.class).hasMessageContaining("already exists");
                assertThatThrownBy(() -> engine.client().deleteBranch("main"))
                        .isInstanceOf(DblabApiException.class).hasMessageContaining("cannot be deleted");
                engine.client().deleteBranch("hooked-branch");
                await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(engine, both.url()).size() == 2
                        && deliveries(engine, deletes.url()).size() == 1);

                assertThat(both.received).extracting(r -> r.body().path("event_type").asText())
                        .containsExactly("branch_create", "branch_delete");
                assertThat(both.received).allSatisfy(r -> {
                    assertThat(r.token()).isEqualTo(SECRET);
                    assertThat(r.contentType()).isEqualTo("application/json");
                    // the reference's body for a branch: the event and the branch's name, nothing else
                    assertThat(r.body().fieldNames()).toIterable().containsExactly("event_type", "entity_id");
                    assertThat(r.body().path("entity_id").asText()).isEqualTo("hooked-branch");
                });
                assertThat(deletes.received).extracting(r -> r.body().path("event_type").asText())
                        .containsExactly("branch_delete");
                assertThat(deliveries(engine, both.url())).allSatisfy(e -> {
                    assertThat(e.path("result").asText()).isEqualTo("OK");
                    assertThat(e.path("details").path("entity_id").asText()).isEqualTo("hooked-branch");
                });
            }
        }
    }

    @Test
    void aTimedProtectionIsWarnedAboutOnceAndReportedWhenItEnds() throws Exception {
        List<String> protectionEvents = List.of("clone_protection_expiring", "clone_protection_expired");
        try (Receiver receiver = new Receiver(null)) {
            EngineConfig.Webhooks hooks = new EngineConfig.Webhooks(List.of(
                    new EngineConfig.Hook(receiver.url(), SECRET, protectionEvents)), 3, 100, 5_000);
            // warned 5 minutes ahead, a protection of 1 minute is warned about by the first check (every 2 s)
            try (EngineFixture engine = EngineFixture.start(EngineFixture.Setup.logical(19970, 19979)
                    .withProtectionExpiryWarning(5).withWebhooks(hooks))) {
                Clone clone = engine.createClone("leased", "leaseuser", "Lease-Pass-5530-xyzzy", false);
                engine.createClone("forever", "otheruser", "Lease-Pass-5531-xyzzy", false);
                engine.client().updateClone("forever", true);
                String till = engine.client().updateClone("leased", new UpdateCloneRequest(true, 1L, null)).protectedTill();
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() == 1);

                JsonNode warning = receiver.received.get(0).body();
                assertThat(warning.path("event_type").asText()).isEqualTo("clone_protection_expiring");
                assertThat(warning.path("entity_id").asText()).isEqualTo("leased");
                assertThat(warning.path("protected_till").asText()).isEqualTo(till);
                assertThat(warning.path("port").asText()).isEqualTo(clone.db().port());
                assertThat(warning.path("host").asText()).isEqualTo("127.0.0.1");
                assertThat(warning.path("username").asText()).isEqualTo("leaseuser");
                assertThat(warning.path("dbname").asText()).isEqualTo("postgres");
                assertThat(warning.has("expires_in_hours")).as("less than an hour is left: 0, left out").isFalse();
                assertThat(receiver.received.get(0).token()).isEqualTo(SECRET);

                engine.awaitTaskRuns("idle_check", 2);
                engine.stopEngine();
                engine.startEngine();
                engine.awaitTaskRuns("idle_check", 2);
                assertThat(receiver.received).as("warned once, by the checks before and after the restart").hasSize(1);
                assertThat(engine.client().clone("leased").protectedTill()).isEqualTo(till);

                engine.clock().freeze();
                engine.clock().advance(Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() == 2);
                assertThat(receiver.received).extracting(r -> r.body().path("event_type").asText())
                        .containsExactlyElementsOf(protectionEvents);
                JsonNode expired = receiver.received.get(1).body();
                assertThat(expired.path("entity_id").asText()).isEqualTo("leased");
                assertThat(expired.path("protected_till").asText()).isEqualTo(till);
                assertThat(expired.path("port").asText()).isEqualTo(clone.db().port());
                Clone lifted = engine.client().clone("leased");
                assertThat(lifted.isProtected()).isFalse();
                assertThat(lifted.protectedTill()).isNull();

                engine.awaitTaskRuns("idle_check", 2);
                assertThat(receiver.received).as("the protection until lifted sends nothing").hasSize(2);
                assertThat(engine.client().clone("forever").isProtected()).isTrue();
                assertThat(Files.readAllLines(engine.stateDir().resolve("audit.log")))
                        .filteredOn(line -> line.contains("clone.protection_expired")).singleElement()
                        .satisfies(line -> assertThat(line).contains("leased"));
            }
        }
    }

    private static List<JsonNode> deliveries(EngineFixture engine, String url) throws IOException {
        return Files.readAllLines(engine.stateDir().resolve("audit.log")).stream().map(WebhookTest::json)
                .filter(e -> "webhook.deliver".equals(e.path("action").asText()) && url.equals(e.path("target").asText()))
                .toList();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Request(String token, String contentType, JsonNode body) {}

    /** A webhook receiver on loopback; with {@code hold}, each request waits for it before the answer. */
    private static final class Receiver implements AutoCloseable {
        final List<Request> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver(CountDownLatch hold) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> answer(exchange, hold));
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        private void answer(HttpExchange exchange, CountDownLatch hold) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Request(exchange.getRequestHeaders().getFirst("DBLab-Webhook-Token"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), json(body)));
            try {
                if (hold != null && !hold.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never released the slow receiver");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
