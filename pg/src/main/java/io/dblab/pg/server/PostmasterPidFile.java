package io.dblab.pg.server;

import io.dblab.pg.process.ProcessStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The lines of a data directory's {@code postmaster.pid} that the engine reads: the server's process id, start time, port and status. */
final class PostmasterPidFile {
    static final String NAME = "postmaster.pid";

    private PostmasterPidFile() {}

    static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /** Line 1: the postmaster's process id; -1 when there is no pid file or it cannot be read. */
    static long pid(Path dataDir) {
        return number(dataDir, 0);
    }

    /** Line 4: the port; -1 when there is no pid file or it cannot be read. */
    static long port(Path dataDir) {
        return number(dataDir, 3);
    }

    /**
     * Whether a server that started at or after {@code epochSecond} (line 3) runs (line 1) and
     * accepts connections (line 8: {@code ready}, or {@code standby} for a standby without
     * hot_standby), which is what {@code pg_ctl start -w} waits for. The start time tells it from
     * a pid file that a crashed server left behind.
     */
    static boolean startedSince(Path dataDir, long epochSecond) {
        try {
            List<String> lines = Files.readAllLines(in(dataDir));
            return lines.size() >= 8 && Long.parseLong(lines.get(2).strip()) >= epochSecond
                    && List.of("ready", "standby").contains(lines.get(7).strip())
                    && ProcessStat.running(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return false; // not there yet, or being written
        }
    }

    private static long number(Path dataDir, int line) {
        try {
            List<String> lines = Files.readAllLines(in(dataDir));
            return lines.size() > line ? Long.parseLong(lines.get(line).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
