package io.dblab.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The /proc files the clone metrics read: their parsing, then the live files of this machine. */
class ProcFilesTest {

    @Test
    void pssIsTheProportionalLineInBytes() {
        String rollup = """
                556fd796c000-7ffdda97e000 ---p 00000000 00:00 0                          [rollup]
                Rss:                1728 kB
                Pss:                 247 kB
                Pss_Dirty:           116 kB
                Pss_Anon:            116 kB
                Shared_Clean:       1572 kB
                """;
        assertThat(ProcFiles.pssBytes(rollup)).isEqualTo(247 * 1024L);
        assertThat(ProcFiles.pssBytes("")).as("a kernel thread's empty rollup").isZero();
    }

    @Test
    void hostCpuSumsTheFirstSevenTimesOfTheCpuLineAndCountsTheCpus() {
        String stat = """
                cpu  225325 541 61538 76512 3435 0 925 756 0 0
                cpu0 112904 308 29608 39824 1298 0 136 398 0 0
                cpu1 112420 233 31930 36688 2137 0 789 357 0 0
                intr 1234 0 0
                ctxt 99
                """;
        ProcFiles.HostCpu host = ProcFiles.hostCpu(stat);
        // user nice system idle iowait irq softirq; not steal, guest, guest_nice
        assertThat(host.ticks()).isEqualTo(225325L + 541 + 61538 + 76512 + 3435 + 0 + 925);
        assertThat(host.cpus()).isEqualTo(2);
        assertThatThrownBy(() -> ProcFiles.hostCpu("intr 1\n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void memTotalInBytes() {
        assertThat(ProcFiles.memTotalBytes("MemTotal:       24683784 kB\nMemFree:        18812876 kB\n"))
                .isEqualTo(24683784L * 1024);
        assertThatThrownBy(() -> ProcFiles.memTotalBytes("MemFree: 1 kB\n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsThisMachine() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcFiles.Process me = ProcFiles.processes().stream().filter(p -> p.stat().pid() == self).findFirst()
                .orElseThrow();
        assertThat(me.uid()).isEqualTo(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
        assertThat(me.stat().parent()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(me.stat().cpuTicks()).as("a JVM that has compiled this test has run").isPositive();
        // a JVM's heap alone is megabytes, of which it shares nothing
        assertThat(ProcFiles.pssBytes(self)).isGreaterThan(10L << 20).isLessThan(ProcFiles.memTotalBytes());
        assertThat(ProcFiles.pssBytes(Long.MAX_VALUE)).as("no such process").isZero();
        ProcFiles.HostCpu host = ProcFiles.hostCpu();
        // the JVM may be confined to fewer than are online
        assertThat(host.cpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.ticks()).isPositive();
    }
}
