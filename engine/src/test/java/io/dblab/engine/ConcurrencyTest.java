package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.transport.EngineReply;
import io.dblab.testkit.PostgresProcesses;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many clients creating and destroying clones at the same moment, through the real API. */
class ConcurrencyTest {
    private static final int CLONES = 20;
    private static final int PORT_FROM = 16200;
    private static final int PORT_TO = 16229;
    private static final String PASSWORD = "Concurrent-Pass-5531-plugh";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(PORT_FROM, PORT_TO, "2GiB", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void twentyConcurrentCreationsAndDeletions() throws Exception {
        List<String> ids = IntStream.range(0, CLONES).mapToObj(i -> "conc" + i).toList();

        List<EngineReply> created = concurrently(ids, id -> engine.client().raw("POST", "/clone",
                "{\"id\":\"" + id + "\",\"db\":{\"username\":\"user_" + id + "\",\"password\":\"" + PASSWORD + "\"}}"));
        assertThat(created).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));

        List<Clone> clones = new ArrayList<>();
        for (String id : ids) {
            clones.add(engine.awaitStatus(id, "OK"));
        }
        List<String> ports = clones.stream().map(c -> c.db().port()).toList();
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(ports).allSatisfy(p -> assertThat(Integer.parseInt(p)).isBetween(PORT_FROM, PORT_TO));
        for (Clone clone : clones) {
            try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_user, count(*) FROM orders GROUP BY 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("user_" + clone.id());
                assertThat(rs.getLong(2)).isEqualTo(20000);
            }
        }
        assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot())).hasSize(CLONES);
        assertThat(engine.cloneDirs()).containsExactlyInAnyOrderElementsOf(ids);

        List<EngineReply> deleted = concurrently(ids, id -> engine.client().raw("DELETE", "/clone/" + id, null));
        assertThat(deleted).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        for (String id : ids) {
            engine.awaitGone(id);
        }
        for (String id : ids) {
            EngineReply gone = engine.client().raw("GET", "/clone/" + id, null);
            assertThat(gone.status()).isEqualTo(404);
        }
        assertThat(engine.client().clones()).isEmpty();
        // destroying stops the server before it deletes the clone's data, so both are gone now
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot())).isEmpty());
        assertThat(engine.cloneDirs()).isEmpty();
        for (Clone clone : clones) {
            try (Connection ignored = EngineFixture.connect(clone, PASSWORD)) {
                throw new AssertionError("clone " + clone.id() + " still accepts connections");
            } catch (SQLException expected) {
                // the server is gone
            }
        }

        // every port went back to the pool: the same number of clones fits again
        Clone again = engine.createClone("conc_again", "again", PASSWORD, false);
        assertThat(Integer.parseInt(again.db().port())).isBetween(PORT_FROM, PORT_TO);
        engine.client().destroyClone("conc_again");
        engine.awaitGone("conc_again");
    }

    @Test
    void concurrentRequestsForOneIdCreateOneClone() throws Exception {
        List<String> sameId = IntStream.range(0, 8).mapToObj(i -> "same1").toList();
        List<EngineReply> answers = concurrently(sameId, id -> engine.client().raw("POST", "/clone",
                "{\"id\":\"" + id + "\",\"db\":{\"username\":\"same\",\"password\":\"" + PASSWORD + "\"}}"));
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.status() != 201))
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body()).contains("already exists");
                });
        Clone clone = engine.awaitStatus("same1", "OK");
        try (Connection c = EngineFixture.connect(clone, PASSWORD)) {
            assertThat(c.isValid(5)).isTrue();
        }
        // the losers' ports went back: the only taken port is the winner's
        Clone other = engine.createClone("same2", "other", PASSWORD, false);
        assertThat(other.db().port()).isNotEqualTo(clone.db().port());
        assertThat(Integer.parseInt(other.db().port()) - PORT_FROM).isLessThanOrEqualTo(1);
        for (String id : List.of("same1", "same2")) {
            engine.client().destroyClone(id);
            engine.awaitGone(id);
        }
        assertThatThrownBy(() -> engine.client().clone("same1")).isInstanceOfSatisfying(DblabApiException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    /** Runs the call for every id on its own thread, all released at the same moment. */
    private static <T> List<T> concurrently(List<String> ids, ThrowingFunction<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(ids.size());
        try {
            CountDownLatch ready = new CountDownLatch(ids.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (String id : ids) {
                Callable<T> task = () -> {
                    ready.countDown();
                    go.await();
                    return call.apply(id);
                };
                futures.add(threads.submit(task));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThrowingFunction<T> {
        T apply(String id) throws Exception;
    }
}
