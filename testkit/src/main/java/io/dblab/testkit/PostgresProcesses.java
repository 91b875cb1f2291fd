package io.dblab.testkit;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and stops PostgreSQL servers whose data directory lies under a path, so that a test that
 * failed half-way still leaves no server running.
 */
public final class PostgresProcesses {
    private PostgresProcesses() {}

    /** Data directories of running postmasters under {@code root}. */
    public static List<Path> dataDirsUnder(Path root) {
        List<Path> dirs = new ArrayList<>();
        String prefix = root.toAbsolutePath().normalize().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(proc -> {
                try {
                    String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0");
                    if (args.length > 2 && args[0].endsWith("postgres")) {
                        for (int i = 0; i < args.length - 1; i++) {
                            if (args[i].equals("-D") && args[i + 1].startsWith(prefix)) {
                                dirs.add(Path.of(args[i + 1]));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list processes", e);
        }
        return dirs;
    }

    /** Stops every postmaster under {@code root} at once; returns how many there were. */
    public static int stopAllUnder(Path root) {
        List<Path> dirs = dataDirsUnder(root);
        for (Path dir : dirs) {
            Command.of("runuser", "-u", "postgres", "--", TestPostgres.BIN_DIR.resolve("pg_ctl").toString(),
                    "stop", "-D", dir.toString(), "-m", "immediate", "-w").run();
        }
        return dirs.size();
    }
}
