package io.dblab.pg.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a tree never reaches outside it. (That a directory swapped for a link midway is not
 * followed holds by construction, every step relative to an open directory with O_NOFOLLOW; a race
 * test did not hit the window of the old path-based walk in 15 s, so it would prove nothing.)
 */
class PrivateDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void deletesNestedFilesAndRemovesLinksAsLinks() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "kept");
        Path root = Files.createDirectories(temp.resolve("root/a/b"));
        Files.writeString(root.resolve("file"), "x");
        Files.createSymbolicLink(temp.resolve("root/a/link-to-dir"), outside);
        Files.createSymbolicLink(temp.resolve("root/link-to-file"), outside.resolve("keep"));

        PrivateDirectory.deleteTree(temp.resolve("root"));

        assertThat(temp.resolve("root")).doesNotExist();
        assertThat(outside.resolve("keep")).hasContent("kept");
    }

    @Test
    void ensureMayRunForTheSameDirectoryAtOnce() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Path dir = temp.resolve("sockets-" + round);
                CyclicBarrier together = new CyclicBarrier(8);
                List<Future<Path>> made = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    made.add(threads.submit(() -> {
                        together.await();
                        return PrivateDirectory.ensure(dir, "rwx--x--x");
                    }));
                }
                for (Future<Path> f : made) {
                    assertThat(f.get(10, TimeUnit.SECONDS)).isDirectory();
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aMissingTreeOrAPlainFileIsFine() throws IOException {
        PrivateDirectory.deleteTree(temp.resolve("missing"));
        Path file = Files.writeString(temp.resolve("file"), "x");
        PrivateDirectory.deleteTree(file);
        assertThat(file).doesNotExist();
    }
}
