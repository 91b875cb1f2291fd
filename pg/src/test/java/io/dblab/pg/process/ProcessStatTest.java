package io.dblab.pg.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatTest {
    @Test
    void readsTheParentAndTheSessionOfAProcess() {
        ProcessHandle self = ProcessHandle.current();
        assertThat(ProcessStat.parent(self.pid())).isEqualTo(self.parent().orElseThrow().pid());
        assertThat(ProcessStat.running(self.pid())).isTrue();
        // 0 where the session leader lives outside this pid namespace (as in CI), never unreadable;
        // the test JVM did not start a session of its own, so it shares its parent's
        assertThat(ProcessStat.session(self.pid()))
                .isNotNegative()
                .isEqualTo(ProcessStat.session(self.parent().orElseThrow().pid()));
    }

    @Test
    void aProcessThatIsGoneHasNoParent() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(ProcessStat.parent(gone.pid())).isEqualTo(-1);
        assertThat(ProcessStat.running(gone.pid())).isFalse();
        assertThat(ProcessStat.parent(0)).isEqualTo(-1);
    }
}
