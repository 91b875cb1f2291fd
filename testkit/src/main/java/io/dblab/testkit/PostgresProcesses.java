package io.dblab.testkit;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds and stops PostgreSQL servers whose data directory lies under a path, so that a test that
 * failed half-way still leaves no server running.
 */
public final class PostgresProcesses {
    private PostgresProcesses() {}

    /** Data directories of running postmasters under {@code root}. */
    public static List<Path> dataDirsUnder(Path root) {
        return postmastersUnder(root).stream().map(Postmaster::dataDir).toList();
    }

    /**
     * Stops every postmaster under {@code root} at once (SIGQUIT, an immediate shutdown, sent as
     * root: clones run as identities of their own) and waits until they are gone; returns how many
     * there were.
     */
    public static int stopAllUnder(Path root) {
        List<Postmaster> postmasters = postmastersUnder(root);
        for (Postmaster postmaster : postmasters) {
            Command.of("kill", "-s", "QUIT", Long.toString(postmaster.pid())).run();
        }
        for (Postmaster postmaster : postmasters) {
            ProcessHandle.of(postmaster.pid()).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        }
        return postmasters.size();
    }

    private static List<Postmaster> postmastersUnder(Path root) {
        List<Postmaster> found = new ArrayList<>();
        String prefix = root.toAbsolutePath().normalize().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(proc -> {
                try {
                    String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0");
                    if (args.length > 2 && args[0].endsWith("postgres")) {
                        for (int i = 0; i < args.length - 1; i++) {
                            if (args[i].equals("-D") && args[i + 1].startsWith(prefix)) {
                                found.add(new Postmaster(Long.parseLong(proc.getFileName().toString()), Path.of(args[i + 1])));
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
        return found;
    }

    private record Postmaster(long pid, Path dataDir) {}
}
