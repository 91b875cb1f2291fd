package io.dblab.pg.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void parsesALineWhoseCommandNameHoldsSpacesAndParentheses() {
        // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
        ProcessStat.Line line = ProcessStat.Line.parse(
                "4242 (my (odd) ) name) S 17 4242 4200 0 -1 4194560 120 0 0 0 250 31 1200 7 20 0 1 0 185480 3133440 379"
                        + " 18446744073709551615 0 0 0\n");
        assertThat(line.pid()).isEqualTo(4242);
        assertThat(line.name()).isEqualTo("my (odd) ) name");
        assertThat(line.state()).isEqualTo("S");
        assertThat(line.parent()).isEqualTo(17);
        assertThat(line.session()).isEqualTo(4200);
        assertThat(line.cpuTicks()).isEqualTo(250 + 31);
        assertThat(line.reapedChildCpuTicks()).isEqualTo(1200 + 7);
        assertThat(line.ended()).isFalse();
        assertThat(ProcessStat.Line.parse("1 (x) Z 0 0 0 0 0 0 0 0 0 0 0 0 0 0").ended()).isTrue();
        assertThatThrownBy(() -> ProcessStat.Line.parse("4242 (cut short) S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessStat.Line.parse("no name here")).isInstanceOf(IllegalArgumentException.class);
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
