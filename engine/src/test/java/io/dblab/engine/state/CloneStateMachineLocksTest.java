package io.dblab.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The snapshot and branch locks: one holder per key, keys independent, nothing kept once released. */
class CloneStateMachineLocksTest {
    private Path dir;
    private CloneStateMachine machine;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void makeMachine() throws IOException {
        dir = Files.createTempDirectory("dblab-locks-test-");
        machine = new StateStore(dir).transitions();
    }

    @AfterEach
    void cleanUp() {
        threads.shutdownNow();
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void aSecondHolderOfTheSameKeyWaitsUntilTheFirstIsDone() throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<?> first = threads.submit(() -> machine.locked(CloneStateMachine.snapshotKey("p@s1"), () -> {
            firstInside.countDown();
            await(releaseFirst);
        }));
        await(firstInside);
        CountDownLatch secondInside = new CountDownLatch(1);
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        Future<?> second = threads.submit(() -> {
            secondThread.set(Thread.currentThread());
            machine.locked(CloneStateMachine.snapshotKey("p@s1"), secondInside::countDown);
        });
        // the second holder is parked on the lock: it waits, it did not get in
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> secondThread.get() != null
                && secondThread.get().getState() == Thread.State.WAITING);

        // another key is free meanwhile, and so is the same key in this thread once the first is done
        machine.locked(CloneStateMachine.snapshotKey("p@s2"), () -> assertThat(secondInside.getCount()).isEqualTo(1));
        machine.locked(CloneStateMachine.branchKey("p@s1"), () -> assertThat(secondInside.getCount()).isEqualTo(1));
        assertThat(secondInside.getCount()).as("the second holder got in while the first held the lock").isEqualTo(1);
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(secondInside.getCount()).isZero();
        assertThat(machine.lockCount()).isZero();
    }

    @Test
    void theLockIsReentrantAndReleasedAfterAFailure() {
        String key = CloneStateMachine.snapshotKey("p@s1");
        machine.locked(key, () -> machine.locked(key, () -> assertThat(machine.lockCount()).isEqualTo(1)));
        try {
            machine.locked(key, () -> {
                throw new IllegalStateException("refused");
            });
        } catch (IllegalStateException expected) {
            // the work failed; the lock must not stay behind
        }
        assertThat(machine.lockCount()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
