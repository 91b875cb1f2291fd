package io.dblab.pg.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The lines of a data directory's {@code postmaster.pid} that the engine reads: the server's process id and port. */
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

    private static long number(Path dataDir, int line) {
        try {
            List<String> lines = Files.readAllLines(in(dataDir));
            return lines.size() > line ? Long.parseLong(lines.get(line).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
