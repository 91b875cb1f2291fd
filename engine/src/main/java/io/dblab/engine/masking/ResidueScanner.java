package io.dblab.engine.masking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads every byte of every regular file under a data directory and reports the first file that
 * holds one of the sampled original values. Symbolic links are not followed: a snapshot holds
 * the data directory's own files, and the restore makes no tablespaces.
 */
final class ResidueScanner {
    private ResidueScanner() {}

    /** The first file (relative to {@code dataDir}) that holds a pattern. */
    static Optional<String> firstFileWithAny(Path dataDir, List<byte[]> patterns) {
        ByteSearch search = new ByteSearch(patterns);
        if (search.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    if (search.foundIn(in)) {
                        return Optional.of(dataDir.relativize(file).toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDir + " to verify masking", e);
        }
        return Optional.empty();
    }
}
