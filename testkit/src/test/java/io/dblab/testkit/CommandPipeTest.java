package io.dblab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandFailedException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Command#pipeTo}: two processes joined by a pipe, checked and stopped together. */
class CommandPipeTest {
    @Test
    void theFirstCommandsOutputIsTheSecondsInput() {
        assertThat(Command.of("sh", "-c", "cat; echo third").stdin("first\nsecond\n").pipeTo(Command.of("wc", "-l")).strip())
                .isEqualTo("3");
    }

    @Test
    void aFailureNamesTheFailingCommandsAndTheirErrors() {
        assertThatThrownBy(() -> Command.of("sh", "-c", "echo source gone >&2; exit 3").pipeTo(Command.of("cat")))
                .isInstanceOf(CommandFailedException.class).hasMessage("sh failed (exit 3): source gone");
        assertThatThrownBy(() -> Command.of("echo", "rows").pipeTo(Command.of("sh", "-c", "cat >/dev/null; echo bad row >&2; exit 4")))
                .isInstanceOf(CommandFailedException.class).hasMessage("sh failed (exit 4): bad row");
        // the first one was killed writing into a pipe that the failed second one no longer read
        assertThatThrownBy(() -> Command.of("yes").pipeTo(Command.of("sh", "-c", "head -c 1 >/dev/null; echo bad row >&2; exit 4")))
                .isInstanceOf(CommandFailedException.class).hasMessage("sh failed (exit 4): bad row");
        // both failed: the first one's error comes first, the second one's follows
        assertThatThrownBy(() -> Command.of("sh", "-c", "echo one >&2; exit 1")
                .pipeTo(Command.of("sh", "-c", "cat >/dev/null; echo two >&2; exit 2")))
                .hasMessage("sh failed (exit 1): one; sh failed (exit 2): two");
    }

    @Test
    void anInterruptedPipeKillsBothProcesses() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                Command.of("sleep", "300").pipeTo(Command.of("sleep", "301"));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        runner.start();
        while (sleeping().size() < 2) {
            Thread.sleep(20);
        }
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(CommandFailedException.class).hasMessageContaining("was interrupted");
        assertThat(sleeping()).isEmpty();
    }

    private static List<String> sleeping() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains("sleep 30")).toList();
    }
}
