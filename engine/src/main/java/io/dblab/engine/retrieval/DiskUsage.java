package io.dblab.engine.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Sizes and counts of what a retrieval phase has written so far, for its progress figures. */
final class DiskUsage {
    private DiskUsage() {}

    static long bytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(DiskUsage::sizeOrZero).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Table data files of pg_dump's directory format ({@code <dumpId>.dat[.gz]}). */
    static long tableFiles(Path dumpDir) {
        if (!Files.exists(dumpDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dumpDir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d+\\.dat(\\.gz)?")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // removed while we looked
        }
    }
}
