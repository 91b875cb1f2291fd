package io.dblab.pg.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void aMissingTreeOrAPlainFileIsFine() throws IOException {
        PrivateDirectory.deleteTree(temp.resolve("missing"));
        Path file = Files.writeString(temp.resolve("file"), "x");
        PrivateDirectory.deleteTree(file);
        assertThat(file).doesNotExist();
    }
}
