package io.dblab.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.retrieval.RetrievalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The supervision of background work, without a server: what a failing run leaves behind, and what a good one clears. */
class BackgroundTaskTest {
    private static final String ALERT = "work_failed";
    private final RetrievalStatus alerts = new RetrievalStatus("logical", "finished");
    private final BackgroundTask task = new BackgroundTask("Test work", ALERT, alerts);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BackgroundTask.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            BackgroundTask.daemonThreads("test-scheduler"));

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() throws InterruptedException {
        logger.detachAppender(log);
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailureIsCaughtAlertedAndClearedByTheNextSuccess() {
        assertThat(task.run(() -> {
            throw new IllegalStateException("the source is gone");
        })).isFalse();
        Retrieval.Alert alert = alerts.view().alerts().get(ALERT);
        assertThat(alert.level()).isEqualTo("error");
        assertThat(alert.message()).isEqualTo("Test work failed: the source is gone");
        assertThat(alert.count()).isEqualTo(1);

        assertThat(task.run(() -> { })).isTrue();
        assertThat(alerts.view().alerts()).doesNotContainKey(ALERT);
    }

    @Test
    void everyThrowableIsCaughtAndAMessagelessOneIsNamed() {
        assertThat(task.run(() -> {
            throw new NoClassDefFoundError();
        })).isFalse();
        assertThat(alerts.view().alerts().get(ALERT).message()).isEqualTo("Test work failed: NoClassDefFoundError");
    }

    @Test
    void theSameFailureAgainIsOneLineAndCountedAnotherOneHasItsStackTrace() {
        Runnable failing = () -> {
            throw new IllegalStateException("disk full");
        };
        task.run(failing);
        task.run(failing);
        task.run(() -> {
            throw new IllegalStateException("permission denied");
        });

        List<ILoggingEvent> events = log.list;
        assertThat(events).hasSize(3);
        assertThat(events.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(events.get(0).getThrowableProxy()).isNotNull();
        assertThat(events.get(1).getLevel()).isEqualTo(Level.WARN);
        assertThat(events.get(1).getThrowableProxy()).isNull();
        assertThat(events.get(1).getFormattedMessage()).contains("2 times in a row").contains("disk full");
        assertThat(events.get(2).getThrowableProxy()).isNotNull();
        assertThat(alerts.view().alerts().get(ALERT).count()).isEqualTo(3);
        assertThat(alerts.view().alerts().get(ALERT).message()).contains("permission denied");

        task.run(() -> { });
        assertThat(log.list.get(3).getFormattedMessage()).contains("works again after 3 failed run(s)");
    }

    @Test
    void aFailureItsThrowerAlertedIsLoggedButNotAlertedTwice() {
        class Reported extends RuntimeException implements AlertRaised {
            Reported() {
                super("already said");
            }
        }
        alerts.alert(ALERT, "error", "Retrieval failed: in the thrower's words");
        task.run(() -> {
            throw new Reported();
        });
        Retrieval.Alert alert = alerts.view().alerts().get(ALERT);
        assertThat(alert.message()).isEqualTo("Retrieval failed: in the thrower's words");
        assertThat(alert.count()).isEqualTo(1);
        assertThat(log.list).hasSize(1);
    }

    @Test
    void aVirtualMachineErrorIsAlertedAndThrownOn() {
        assertThatThrownBy(() -> task.run(() -> {
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(alerts.view().alerts().get(ALERT).message()).isEqualTo("Test work failed: Java heap space");
    }

    @Test
    void aRunInterruptedBecauseTheEngineStopsIsNoFailure() {
        try {
            Thread.currentThread().interrupt();
            assertThat(task.run(() -> {
                throw new IllegalStateException("interrupted while waiting");
            })).isFalse();
        } finally {
            Thread.interrupted();
        }
        task.run(() -> {
            throw new IllegalStateException("stopped", new InterruptedException());
        });
        assertThat(alerts.view().alerts()).doesNotContainKey(ALERT);
    }

    @Test
    void runsAreCountedByOutcomeAndTheLastSuccessIsTimed() {
        assertThat(task.lastSuccessEpochSeconds()).isZero();
        task.run(() -> {
            throw new IllegalStateException("not yet");
        });
        try {
            Thread.currentThread().interrupt();
            task.run(() -> {
                throw new IllegalStateException("interrupted while waiting");
            });
        } finally {
            Thread.interrupted();
        }
        assertThat(task.failedRuns()).isEqualTo(1);
        assertThat(task.successfulRuns()).isZero();
        assertThat(task.lastSuccessEpochSeconds()).isZero();

        double before = Instant.now().toEpochMilli() / 1000.0;
        task.run(() -> { });
        task.call(() -> 1);
        assertThat(task.successfulRuns()).isEqualTo(2);
        assertThat(task.failedRuns()).isEqualTo(1);
        assertThat(task.lastSuccessEpochSeconds()).isBetween(before, Instant.now().toEpochMilli() / 1000.0);
    }

    @Test
    void callHandsTheResultOrTheFailureToTheCallerAndKeepsTheBooks() {
        assertThatThrownBy(() -> task.call(() -> {
            throw new IllegalArgumentException("no data yet");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("no data yet");
        assertThat(alerts.view().alerts()).containsKey(ALERT);

        assertThat(task.call(() -> 42)).isEqualTo(42);
        assertThat(alerts.view().alerts()).doesNotContainKey(ALERT);
    }

    @Test
    void scheduledWorkRunsOnAfterFailuresEvenAfterAnError() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Retrieval.Alert> alertWhileFailing = new AtomicReference<>();
        task.every(executor, Duration.ofMillis(20), () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                throw new OutOfMemoryError("a big allocation");
            }
            if (run <= 4) {
                throw new IllegalStateException("not yet");
            }
            if (run == 5) {
                alertWhileFailing.set(alerts.view().alerts().get(ALERT));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 8);
        assertThat(alertWhileFailing.get().message()).isEqualTo("Test work failed: not yet");
        assertThat(alertWhileFailing.get().count()).isEqualTo(4);
        assertThat(alerts.view().alerts()).doesNotContainKey(ALERT);
    }

    @Test
    void aScheduleAnnouncesEachNextTimeAndStopsWithItsExecutor() throws InterruptedException {
        // armed again after every run, the work must still let its executor shut down
        List<Instant> announced = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        Instant before = Instant.now();
        task.on(executor, CronSchedule.parse("@every 1s"), announced::add, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always");
        });
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0)).isBetween(before.plusSeconds(1), Instant.now().plusSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
        assertThat(announced.size()).isGreaterThanOrEqualTo(3);

        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
