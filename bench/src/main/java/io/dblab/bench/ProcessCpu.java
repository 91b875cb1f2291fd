package io.dblab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc/<pid>/stat}, in clock ticks (USER_HZ, 100 a second): a process's own
 * user and system time and that of its children that have ended (a postmaster's short-lived workers).
 */
final class ProcessCpu {
    static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** The process's own ticks (all its threads), without those of any child; 0 when it is gone. */
    static long ownTicks(long pid) {
        long[] own = fields(pid);
        return own.length == 0 ? 0 : own[0] + own[1];
    }

    /** The process's ticks with those of its ended children, plus the ticks of its living children. */
    static long treeTicks(long pid) {
        long[] own = fields(pid);
        if (own.length == 0) {
            return 0;
        }
        long total = own[0] + own[1] + own[2] + own[3];
        total += ProcessHandle.of(pid).map(p -> p.children().mapToLong(child -> ownTicks(child.pid())).sum()).orElse(0L);
        return total;
    }

    /** utime, stime, cutime, cstime; empty when the process is gone. */
    private static long[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: fields 14-17 counted after its closing one
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(after[11]), Long.parseLong(after[12]), Long.parseLong(after[13]),
                    Long.parseLong(after[14])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }
}
