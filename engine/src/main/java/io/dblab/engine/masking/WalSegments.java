package io.dblab.engine.masking;

import io.dblab.pg.server.ControlData;
import io.dblab.pg.server.PgInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes the WAL segments a cleanly stopped cluster does not need. After a clean shutdown the
 * only WAL read at start is the shutdown checkpoint record, so every segment before its REDO
 * segment and every one after its record's segment can go. This matters because PostgreSQL
 * recycles old segments by renaming them to future names without clearing them: such a file still
 * holds the WAL of the restore, original values included, until it is overwritten.
 */
final class WalSegments {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");

    private WalSegments() {}

    static void removeUnneeded(PgInstallation pg, Path dataDir) {
        ControlData control = ControlData.read(pg, dataDir);
        if (!control.cleanlyShutDown()) {
            // After a crash, WAL past the checkpoint is needed for recovery: deleting it would lose data.
            throw new MaskingFailedException("the private copy was not shut down cleanly (state: " + control.state()
                    + "); its WAL cannot be cleared");
        }
        String first = control.redoWalFile();
        String last = control.checkpointWalFile();
        Path walDir = dataDir.resolve("pg_wal");
        try (Stream<Path> files = Files.list(walDir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (SEGMENT.matcher(name).matches() && (name.compareTo(first) < 0 || name.compareTo(last) > 0)) {
                    Files.delete(file);
                }
            }
            clear(walDir.resolve("archive_status"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear old WAL in " + walDir, e);
        }
    }

    /** The segment files in pg_wal, for checks. */
    static List<String> list(Path dataDir) {
        try (Stream<Path> files = Files.list(dataDir.resolve("pg_wal"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> SEGMENT.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
