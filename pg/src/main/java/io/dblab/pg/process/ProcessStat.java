package io.dblab.pg.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the project reads from {@code /proc/PID/stat} (Linux) about a process that may not be its child. */
public final class ProcessStat {
    private ProcessStat() {}

    /**
     * The fields of one {@code /proc/PID/stat} that the project uses (proc(5) numbers them from 1).
     *
     * @param cpuTicks         time the process ran, in user and kernel mode ({@code utime + stime}), in clock ticks
     * @param reapedChildCpuTicks the same of its children that ended and that it waited for ({@code cutime +
     *                         cstime}), theirs included: with {@link #cpuTicks} of the living ones it makes a
     *                         process tree's whole time, which only grows
     */
    public record Line(long pid, String name, String state, long parent, long session, long cpuTicks,
                       long reapedChildCpuTicks) {
        private static final int STATE = 0;
        private static final int PARENT = 1;
        private static final int SESSION = 3;
        private static final int UTIME = 11;
        private static final int CUTIME = 13;

        /**
         * Parses the text of {@code /proc/PID/stat}. The command name in parentheses may hold spaces and
         * parentheses of its own (a process may name itself anything): it ends at the last {@code )}.
         */
        public static Line parse(String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open || close + 2 > stat.length()) {
                throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
            }
            String[] fields = stat.substring(close + 2).strip().split(" ");
            if (fields.length <= CUTIME + 1) {
                throw new IllegalArgumentException("a /proc/PID/stat line with too few fields: " + stat);
            }
            return new Line(Long.parseLong(stat.substring(0, open).strip()), stat.substring(open + 1, close),
                    fields[STATE], Long.parseLong(fields[PARENT]), Long.parseLong(fields[SESSION]),
                    Long.parseLong(fields[UTIME]) + Long.parseLong(fields[UTIME + 1]),
                    Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CUTIME + 1]));
        }

        /**
         * Whether the process has exited. An exited process whose parent is gone stays a zombie until
         * init reaps it (a second or two on some machines); it holds no files, so it counts as ended
         * here, unlike {@link ProcessHandle#isAlive()}.
         */
        public boolean ended() {
            return state.equals("Z") || state.equals("X");
        }
    }

    /** The process's line, or empty when it is gone (or its line cannot be read). */
    public static Optional<Line> read(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Line.parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the process exists and has not exited ({@link Line#ended}). */
    public static boolean running(long pid) {
        return read(pid).filter(line -> !line.ended()).isPresent();
    }

    /** The parent's pid, or -1 when it cannot be read. */
    public static long parent(long pid) {
        return read(pid).map(Line::parent).orElse(-1L);
    }

    /** The session id of the process, or -1 when it cannot be read. */
    public static long session(long pid) {
        return read(pid).map(Line::session).orElse(-1L);
    }
}
