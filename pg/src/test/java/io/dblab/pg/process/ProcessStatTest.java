package io.dblab.pg.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatTest {
    @Test
    void readsTheParentAndTheSessionOfAProcess() {
        ProcessHandle self = ProcessHandle.current();
        assertThat(ProcessStat.parent(self.pid())).isEqualTo(self.parent().orElseThrow().pid());
        assertThat(ProcessStat.running(self.pid())).isTrue();
        assertThat(ProcessStat.session(self.pid())).isPositive();
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
