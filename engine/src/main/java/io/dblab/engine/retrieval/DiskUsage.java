package io.dblab.engine.retrieval;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Sizes and counts of what a retrieval phase has written so far, for its progress figures. The
 * directories are being written while we look, so files that vanish mid-walk are skipped rather
 * than spoiling the whole figure.
 */
final class DiskUsage {
    private DiskUsage() {}

    static long bytes(Path dir) {
        long[] total = {0};
        walk(dir, file -> true, (file, attrs) -> total[0] += attrs.size());
        return total[0];
    }

    /**
     * Bytes of the databases' files below a data directory's {@code base}, without the temporary
     * files of sorts and index builds ({@code pgsql_tmp}): they come and go, and are not data.
     */
    static long databaseBytes(Path baseDir) {
        long[] total = {0};
        walk(baseDir, file -> !file.getParent().getFileName().toString().startsWith("pgsql_tmp"),
                (file, attrs) -> total[0] += attrs.size());
        return total[0];
    }

    private interface FileAction {
        void accept(Path file, BasicFileAttributes attrs);
    }

    private static void walk(Path dir, Predicate<Path> wanted, FileAction action) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && wanted.test(file)) {
                        action.accept(file, attrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the directory itself went away: what was counted so far stands
        }
    }
}
