package io.dblab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.CloneWaiter;
import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import io.dblab.engine.EngineFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's clone waiting and lookup against a real engine (the client module cannot run one in
 * its own tests: the engine depends on it).
 */
class CloneWaiterTest {
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19420, 19429));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void followsACloneThroughCreateResetAndDestroy() throws InterruptedException {
        DblabClient client = engine.client();
        CloneWaiter waiter = new CloneWaiter(client, Duration.ofMinutes(2));
        client.createClone(request("waited"));
        Clone created = waiter.awaitStatusOtherThan("waited", Status.CREATING);
        assertThat(CloneWaiter.statusCode(created)).isEqualTo(Status.OK);
        assertThat(client.findClone("waited")).hasValueSatisfying(c -> assertThat(c.db().port()).isNotBlank());

        client.resetClone("waited", new ResetRequest(null, null));
        assertThat(CloneWaiter.statusCode(waiter.awaitStatusOtherThan("waited", Status.RESETTING))).isEqualTo(Status.OK);

        client.destroyClone("waited");
        waiter.awaitGone("waited");
        assertThat(client.findClone("waited")).isEmpty();
        assertThat(client.findClone("never-made")).isEmpty();
    }

    @Test
    void givesUpAfterItsTimeoutWithAClearError() throws InterruptedException {
        DblabClient client = engine.client();
        client.createClone(request("slow"));
        try {
            assertThatThrownBy(() -> new CloneWaiter(client, Duration.ofMillis(1)).awaitStatusOtherThan("slow", Status.CREATING))
                    .isInstanceOfSatisfying(DblabApiException.class, e -> assertThat(e.code()).isEqualTo(CloneWaiter.TIMEOUT))
                    .hasMessageContaining("clone slow is still CREATING");
        } finally {
            new CloneWaiter(client).awaitStatusOtherThan("slow", Status.CREATING);
            client.destroyClone("slow");
            new CloneWaiter(client).awaitGone("slow");
        }
    }

    @Test
    void asksAsOftenAsItIsTold() throws InterruptedException {
        DblabClient client = engine.client();
        assertThatThrownBy(() -> new CloneWaiter(client, null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poll interval must be positive");
        client.createClone(request("often"));
        Clone often = new CloneWaiter(client, Duration.ofMinutes(2), Duration.ofMillis(20))
                .awaitStatusOtherThan("often", Status.CREATING);
        assertThat(CloneWaiter.statusCode(often)).isEqualTo(Status.OK);

        client.resetClone("often", new ResetRequest(null, null));
        long started = System.nanoTime();
        // the first answer is RESETTING (a reset takes longer than a request), so one pause of the interval follows
        new CloneWaiter(client, Duration.ofMinutes(2), Duration.ofSeconds(3)).awaitStatusOtherThan("often", Status.RESETTING);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        client.destroyClone("often");
        new CloneWaiter(client).awaitGone("often");
    }

    private static CloneRequest request(String id) {
        return new CloneRequest(id, null, new CloneRequest.DbRequest("waiter", "Wt7-kq2P-9xZr-Lm4v", true, null),
                null, null, null);
    }
}
