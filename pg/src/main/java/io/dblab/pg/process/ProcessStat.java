package io.dblab.pg.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the project reads from {@code /proc/PID/stat} (Linux) about a process that may not be its child. */
public final class ProcessStat {
    private ProcessStat() {}

    /**
     * Whether the process exists and has not exited. An exited process whose parent is gone stays a
     * zombie until init reaps it (a second or two on some machines); it holds no files, so it counts
     * as ended here, unlike {@link ProcessHandle#isAlive()}.
     */
    public static boolean running(long pid) {
        String[] fields = fieldsAfterName(pid);
        return fields != null && !fields[0].equals("Z") && !fields[0].equals("X");
    }

    /** The parent's pid, or -1 when it cannot be read. */
    public static long parent(long pid) {
        return field(pid, 1);
    }

    /** The session id of the process, or -1 when it cannot be read. */
    public static long session(long pid) {
        return field(pid, 3);
    }

    /** A numeric field, counted from the state (0), or -1 when it cannot be read. */
    private static long field(long pid, int index) {
        String[] fields = fieldsAfterName(pid);
        try {
            return fields == null ? -1 : Long.parseLong(fields[index]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The fields after the command name (state first), or null when the process is gone. */
    private static String[] fieldsAfterName(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: count fields after its closing one
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
