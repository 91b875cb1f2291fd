package io.dblab.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's share of the temporary directories: everything an identity owns wherever it could
 * have written it, its own locked directories with their contents included, and nothing of anyone
 * else. Needs root, to give files to a bare uid; no server.
 */
class IdentitySweeperTest {
    /** A clone identity no engine of this machine's tests uses (their ports lie far below 65,000). */
    private static final int UID = (int) (0x70000000L + 65_000 + ProcessHandle.current().pid() % 500);
    private Path base;
    private Path topLevelFile;

    @BeforeEach
    void makeBase() throws IOException {
        Requirements.requireRoot();
        base = Files.createTempDirectory(Path.of("/tmp"), "sweeper-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        topLevelFile = Path.of("/tmp", base.getFileName() + "-left-by-clone");
    }

    @AfterEach
    void removeBase() throws IOException {
        if (base != null) {
            TempDirs.deleteRecursively(base);
            Files.deleteIfExists(topLevelFile);
        }
    }

    @Test
    void removesWhatTheIdentityLeftAndNothingElse() throws IOException {
        Path othersFile = Files.writeString(base.resolve("someone-elses"), "stays");
        Files.writeString(topLevelFile, "left");
        giveToIdentity(topLevelFile);

        Path shared = directory(base.resolve("shared"), "rwxrwxrwx");
        Path deepFile = Files.writeString(directory(shared.resolve("deep"), "rwxrwxrwx").resolve("stash"), "left");
        giveToIdentity(deepFile);
        Path link = Files.createSymbolicLink(shared.resolve("link"), othersFile);
        giveToIdentity(link);

        // the identity's own directory, locked by it: a walk as the identity could not empty it
        Path own = directory(base.resolve("own"), "rwxrwxrwx");
        giveToIdentity(Files.writeString(own.resolve("mine"), "left"));
        Files.writeString(own.resolve("written-by-root"), "goes with the directory");
        giveToIdentity(own);
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("---------"));

        // no way in for the identity, so nothing below can be its doing (and the sweep does not walk it)
        Path closed = directory(base.resolve("closed"), "rwx------");
        Path unreachable = Files.writeString(closed.resolve("not-its-doing"), "stays");
        giveToIdentity(unreachable);

        IdentitySweeper.sweep(UID);

        assertThat(topLevelFile).doesNotExist();
        assertThat(deepFile).doesNotExist();
        assertThat(link).doesNotExist();
        assertThat(own).doesNotExist();
        assertThat(othersFile).hasContent("stays");
        assertThat(shared.resolve("deep")).isDirectory();
        assertThat(unreachable).exists();
    }

    private static Path directory(Path dir, String permissions) throws IOException {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
        return dir;
    }

    private static void giveToIdentity(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", UID, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", UID, LinkOption.NOFOLLOW_LINKS);
    }
}
