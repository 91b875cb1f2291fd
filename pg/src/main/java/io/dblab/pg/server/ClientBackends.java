package io.dblab.pg.server;

import io.dblab.pg.process.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Counts a server's client sessions from the process titles of its postmaster's children, without
 * connecting: an idle check over hundreds of clones then costs a few reads of {@code /proc} per clone
 * instead of a psql process and a backend each, and runs no SQL in a database its user controls.
 * PostgreSQL titles a client backend (and a WAL sender) {@code postgres: <user> <database> <host>(<port>) …}
 * or {@code … [local] …}, and sets that title at fork even with {@code update_process_title} off;
 * auxiliary processes and background workers carry their own names instead.
 */
public final class ClientBackends {
    private static final Pattern CLIENT_TITLE = Pattern.compile("^postgres: .+ (\\[local]|\\S+\\(\\d+\\))( .*)?$");

    private ClientBackends() {}

    /** The client sessions of the server whose postmaster runs from {@code dataDir}; 0 when none runs. */
    public static int count(Path dataDir) {
        long postmaster = PostmasterPidFile.pid(dataDir);
        if (postmaster <= 0) {
            return 0;
        }
        return ProcessHandle.of(postmaster).map(p -> (int) p.children()
                .filter(child -> isClientBackend(title(child.pid()))).count()).orElse(0);
    }

    /** Whether the postmaster that the directory's lock file names runs, read from /proc (no pg_ctl process). */
    public static boolean postmasterRunning(Path dataDir) {
        return ProcessStat.running(PostmasterPidFile.pid(dataDir));
    }

    /** Whether a process title (its {@code /proc/<pid>/cmdline}) is that of a client backend. */
    static boolean isClientBackend(String title) {
        return CLIENT_TITLE.matcher(title).matches();
    }

    /** The title a process set for itself; empty when it ended meanwhile. */
    private static String title(long pid) {
        try {
            // PostgreSQL overwrites argv with the title and pads the rest with NULs
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            int end = cmdline.indexOf('\0');
            return (end < 0 ? cmdline : cmdline.substring(0, end)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
