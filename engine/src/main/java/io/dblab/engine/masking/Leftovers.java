package io.dblab.engine.masking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a stopped server leaves in its data directory besides data: the server log (which may
 * quote statements and values), the saved activity statistics ({@code pg_stat}, and the query
 * texts pg_stat_statements keeps in {@code pg_stat_tmp}) and temporary files. None of it is
 * needed to start a clone, so it is deleted before the snapshot.
 */
final class Leftovers {
    private Leftovers() {}

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve("dblab-server.log"));
            Files.deleteIfExists(dataDir.resolve("current_logfiles"));
            emptyDirectory(dataDir.resolve("log"));
            emptyDirectory(dataDir.resolve("pg_stat"));
            emptyDirectory(dataDir.resolve("pg_stat_tmp"));
            try (Stream<Path> base = Files.list(dataDir.resolve("base"))) {
                for (Path dir : base.filter(p -> p.getFileName().toString().startsWith("pgsql_tmp")).toList()) {
                    emptyDirectory(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove server leftovers from " + dataDir, e);
        }
    }

    private static void emptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            List<Path> inside = tree.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
            for (Path p : inside) {
                Files.delete(p);
            }
        }
    }
}
