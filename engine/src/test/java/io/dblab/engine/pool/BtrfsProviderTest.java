package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.EngineStartException;
import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandFailedException;
import io.dblab.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BtrfsProviderTest {
    private static final long MiB = 1024 * 1024;
    // sizes come from quota groups, refreshed at most every 2 s
    private static final Duration SIZE_REFRESH = Duration.ofSeconds(15);

    private Path work;
    private final List<PoolProvider> opened = new ArrayList<>();

    @BeforeEach
    void requireBtrfs() throws IOException {
        Requirements.requireBtrfs();
        work = Files.createTempDirectory("dblab-btrfs-pool-");
    }

    @AfterEach
    void cleanUp() {
        try {
            opened.forEach(PoolProvider::close);
        } finally {
            TestMounts.releaseAndDelete(work);
        }
    }

    @Test
    void openCreatesAndMountsAnImageWithThePoolLayout() throws IOException {
        PoolProvider pool = openPool("1GiB", true);

        assertThat(Files.size(image())).isEqualTo(1024 * MiB);
        assertThat(TestMounts.isMounted(pool.root())).isTrue();
        assertThat(Files.getFileStore(pool.root()).type()).isEqualTo("btrfs");
        assertThat(pool.root()).isEqualTo(work.resolve("mnt/test_pool"));
        assertThat(pool.dataDir()).isEqualTo(pool.root().resolve("data")).isDirectory();
        assertOwnedByPostgresOnly(pool.dataDir());
        assertThat(pool.root().resolve("snapshots")).isDirectory();
        assertThat(pool.root().resolve("clones")).isDirectory();
        assertThat(pool.listSnapshots()).isEmpty();
        assertThat(pool.listClones()).isEmpty();
    }

    @Test
    void snapshotsAndClonesAreIndependentCopies() throws IOException {
        PoolProvider pool = openPool("1GiB", true);
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");

        Path snapshot = pool.createSnapshot("snap1");
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "16\n");
        Path clone = pool.createClone("snap1", "clone1");
        Files.writeString(clone.resolve("PG_VERSION"), "clone\n");

        assertThat(snapshot).isEqualTo(pool.snapshotPath("snap1"));
        assertThat(clone).isEqualTo(pool.clonePath("clone1"));
        assertThat(snapshot.resolve("PG_VERSION")).hasContent("15");
        assertThat(clone.resolve("PG_VERSION")).hasContent("clone");
        assertThat(pool.dataDir().resolve("PG_VERSION")).hasContent("16");
        assertThatThrownBy(() -> Files.writeString(snapshot.resolve("PG_VERSION"), "changed"))
                .isInstanceOf(IOException.class).hasMessageContaining("Read-only file system");
        assertOwnedByPostgresOnly(clone);
        assertThat(pool.listSnapshots()).containsExactly("snap1");
        assertThat(pool.listClones()).containsExactly("clone1");
    }

    @Test
    void sizesFollowWhatEachCopyHoldsAlone() throws IOException {
        PoolProvider pool = openPool("1GiB", true);
        writeRandom(pool.dataDir().resolve("base"), 4 * MiB);
        pool.createSnapshot("snap1");
        Path clone = pool.createClone("snap1", "clone1");

        pool.measureUsage();
        assertThat(pool.cloneDiffSize("clone1")).isLessThan(MiB);
        PoolProvider.SnapshotSize snapshotSize = pool.snapshotSize("snap1");
        assertThat(snapshotSize.logical()).isGreaterThanOrEqualTo(4 * MiB);
        assertThat(snapshotSize.physical()).as("shared with the data directory").isLessThan(MiB);

        writeRandom(clone.resolve("written-by-clone"), 8 * MiB);
        await().atMost(SIZE_REFRESH).untilAsserted(() ->
                assertThat(pool.cloneDiffSize("clone1")).isGreaterThanOrEqualTo(8 * MiB));
    }

    @Test
    void statsDescribeThePool() throws IOException {
        PoolProvider pool = openPool("1GiB", true);
        writeRandom(pool.dataDir().resolve("base"), 4 * MiB);
        pool.createSnapshot("snap1");
        writeRandom(pool.createClone("snap1", "clone1").resolve("written-by-clone"), 8 * MiB);

        await().atMost(SIZE_REFRESH).untilAsserted(() -> {
            FileSystemStats stats = pool.stats();
            assertThat(stats.mode()).isEqualTo("btrfs");
            assertThat(stats.size()).isBetween(900 * MiB, 1024 * MiB);
            assertThat(stats.free()).isPositive().isLessThan(stats.size() - 12 * MiB);
            assertThat(stats.used()).isEqualTo(stats.size() - stats.free());
            assertThat(stats.dataSize()).isGreaterThanOrEqualTo(4 * MiB);
            assertThat(stats.usedBySnapshots()).isNotNegative().isLessThan(MiB);
            assertThat(stats.usedByClones()).isGreaterThanOrEqualTo(8 * MiB);
            assertThat(stats.compressRatio()).isEqualTo(1.0);
            assertThat(stats.sharedCopies()).isTrue();
        });
    }

    @Test
    void deletingRemovesCopiesAndIsIdempotent() {
        PoolProvider pool = openPool("1GiB", true);
        pool.createSnapshot("snap1");
        pool.createClone("snap1", "clone1");

        pool.deleteClone("clone1");
        pool.deleteSnapshot("snap1");
        pool.deleteClone("clone1");
        pool.deleteSnapshot("snap1");

        assertThat(pool.listClones()).isEmpty();
        assertThat(pool.listSnapshots()).isEmpty();
        assertThat(pool.clonePath("clone1")).doesNotExist();
        assertThat(pool.snapshotPath("snap1")).doesNotExist();
    }

    @Test
    void resetDataDirLeavesAnEmptyPostgresOwnedDirectoryAndKeepsSnapshots() throws IOException {
        PoolProvider pool = openPool("1GiB", true);
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");
        pool.createSnapshot("snap1");

        pool.resetDataDir();

        assertThat(pool.dataDir()).isEmptyDirectory();
        assertOwnedByPostgresOnly(pool.dataDir());
        assertThat(pool.snapshotPath("snap1").resolve("PG_VERSION")).hasContent("15");
    }

    @Test
    void resetDataDirToClusterCopiesATemplateThatInitdbFillsOnce() throws IOException {
        ClusterTemplateCheck.verify(openPool("1GiB", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../escape", "a/b", "a..b", ".hidden", "-dash", "with space", "snap@1"})
    void invalidNamesAreRejected(String name) {
        PoolProvider pool = openPool("1GiB", true);
        pool.createSnapshot("snap1");

        assertThatThrownBy(() -> pool.createSnapshot(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.createClone("snap1", name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.createClone(name, "clone1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.deleteSnapshot(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.deleteClone(name)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.listClones()).isEmpty();
    }

    @Test
    void missingAndDuplicateCopiesAreRejected() {
        PoolProvider pool = openPool("1GiB", true);
        pool.createSnapshot("snap1");
        pool.createClone("snap1", "clone1");

        assertThatThrownBy(() -> pool.createClone("nosuch", "clone2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no snapshot nosuch");
        assertThatThrownBy(() -> pool.cloneDiffSize("nosuch")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.createSnapshot("snap1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.createClone("snap1", "clone1")).isInstanceOf(IllegalStateException.class);
        assertThat(pool.clonePath("clone1").resolve("snap1")).doesNotExist();
    }

    @Test
    void closeUnmountsAndDetachesTheLoopDevice() {
        PoolProvider pool = openPool("1GiB", true);
        assertThat(TestMounts.loopDevicesOf(image())).hasSize(1);

        pool.close();

        assertThat(TestMounts.isMounted(pool.root())).isFalse();
        assertThat(TestMounts.loopDevicesOf(image())).isEmpty();
    }

    @Test
    void withQuotasOffTheyAreTurnedOffAndSizesComeFromFilesystemDu() throws IOException {
        PoolProvider first = openPool("1GiB", true);
        assertThat(quotasEnabled(first.root())).isTrue();
        first.close();

        PoolProvider pool = openPool("1GiB", true, false);
        assertThat(quotasEnabled(pool.root())).as("turned off on the pool's file system").isFalse();
        writeRandom(pool.dataDir().resolve("base"), 4 * MiB);
        pool.createSnapshot("snap1");
        Path clone = pool.createClone("snap1", "clone1");
        writeRandom(clone.resolve("written-by-clone"), 8 * MiB);
        await().atMost(SIZE_REFRESH).untilAsserted(() -> {
            assertThat(pool.cloneDiffSize("clone1")).isGreaterThanOrEqualTo(8 * MiB);
            PoolProvider.SnapshotSize snapshotSize = pool.snapshotSize("snap1");
            assertThat(snapshotSize.logical()).isGreaterThanOrEqualTo(4 * MiB);
            assertThat(snapshotSize.physical()).as("shared with the data directory").isLessThan(MiB);
        });
    }

    private static boolean quotasEnabled(Path root) {
        return Command.of("btrfs", "qgroup", "show", root.toString()).run().ok();
    }

    @Test
    void reopeningAnExistingImageKeepsItsContents() throws IOException {
        PoolProvider first = openPool("1GiB", true);
        Files.writeString(first.dataDir().resolve("PG_VERSION"), "15\n");
        first.createSnapshot("snap1");
        first.close();

        PoolProvider second = openPool("1GiB", true);

        assertThat(second.dataDir().resolve("PG_VERSION")).hasContent("15");
        assertThat(second.listSnapshots()).containsExactly("snap1");
        assertThat(TestMounts.loopDevicesOf(image())).hasSize(1);
    }

    @Test
    void withoutUnmountOnStopThePoolStaysMountedAndIsUsedAsItIs() throws IOException {
        PoolProvider first = openPool("1GiB", false);
        Files.writeString(first.dataDir().resolve("PG_VERSION"), "15\n");
        first.close();
        assertThat(TestMounts.isMounted(first.root())).isTrue();

        PoolProvider second = openPool("1GiB", false);

        assertThat(second.dataDir().resolve("PG_VERSION")).hasContent("15");
        assertThat(TestMounts.loopDevicesOf(image())).hasSize(1);
    }

    @Test
    void withoutAnImageADirectoryOnBtrfsIsUsedAsItIs() throws IOException {
        PoolProvider outer = openPool("1GiB", true);
        Path nestedRoot = Files.createDirectories(outer.root().resolve("pools/nested"));
        PoolProvider nested = new BtrfsProvider("nested", nestedRoot, null, MiB, true, true);
        opened.add(0, nested);
        nested.open();
        writeRandom(nested.dataDir().resolve("base"), 4 * MiB);
        nested.createSnapshot("snap1");
        Path clone = nested.createClone("snap1", "clone1");
        writeRandom(clone.resolve("written-by-clone"), 4 * MiB);

        // quota groups are found by path, and these paths are not at the top of the file system
        await().atMost(SIZE_REFRESH).untilAsserted(() -> {
            assertThat(nested.cloneDiffSize("clone1")).isGreaterThanOrEqualTo(4 * MiB);
            assertThat(nested.snapshotSize("snap1").logical()).isGreaterThanOrEqualTo(4 * MiB);
            assertThat(nested.stats().dataSize()).isGreaterThanOrEqualTo(4 * MiB);
        });
        nested.close();
        assertThat(TestMounts.isMounted(outer.root())).as("not ours to unmount").isTrue();
    }

    @Test
    void aRootThatIsNotOnBtrfsIsRefusedWithoutAnImage() {
        PoolProvider pool = new BtrfsProvider("plain", work.resolve("plain"), null, MiB, true, true);

        assertThatThrownBy(pool::open).isInstanceOf(EngineStartException.class)
                .hasMessageContaining("not on btrfs").hasMessageContaining("imageFile");
    }

    @Test
    void aFullPoolSaysNoSpaceLeftOnDevice() throws IOException {
        PoolProvider pool = openPool("256MiB", true);
        IOException dataFull = fillWithData(pool.dataDir().resolve("filler"));
        assertThat(dataFull).hasMessageContaining("No space left on device");
        // snapshots need metadata space only, so fill that too before they run out of room
        fillWithEmptyFiles(Files.createDirectory(pool.dataDir().resolve("inodes")));

        CommandFailedException snapshotFailure = catchThrowableOfType(CommandFailedException.class, () -> {
            for (int i = 0; i < 2000; i++) {
                pool.createSnapshot("snap" + i);
            }
        });

        assertThat(snapshotFailure).isNotNull();
        assertThat(snapshotFailure).hasMessageContaining("No space left on device");
    }

    @Test
    void aSnapshotOfACloneIsAReadOnlyCopyWithoutTheServerLockFile() throws IOException {
        PoolProvider pool = openPool("1GiB", true);
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");
        pool.createSnapshot("snap1");
        Path clone = pool.createClone("snap1", "clone1");
        Files.writeString(clone.resolve("committed"), "work in the clone");
        Files.writeString(clone.resolve("postmaster.pid"), "12345\n" + clone + "\n");

        Path commit = pool.createSnapshotOfClone("clone1", "snap2");
        Files.writeString(clone.resolve("committed"), "later work");

        assertThat(pool.atomicSnapshots()).isTrue();
        assertThat(pool.listSnapshots()).containsExactly("snap1", "snap2");
        assertThat(commit.resolve("committed")).hasContent("work in the clone");
        assertThat(commit.resolve("postmaster.pid")).doesNotExist();
        assertThat(clone.resolve("postmaster.pid")).exists();
        assertThatThrownBy(() -> Files.writeString(commit.resolve("committed"), "changed"))
                .isInstanceOf(IOException.class).hasMessageContaining("Read-only file system");
        Path fromCommit = pool.createClone("snap2", "clone2");
        assertThat(fromCommit.resolve("committed")).hasContent("work in the clone");
        assertThatThrownBy(() -> pool.createSnapshotOfClone("clone1", "snap2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.createSnapshotOfClone("nope", "snap3")).isInstanceOf(IllegalArgumentException.class);
    }

    private PoolProvider openPool(String size, boolean unmountOnStop) {
        return openPool(size, unmountOnStop, true);
    }

    private PoolProvider openPool(String size, boolean unmountOnStop, boolean quotas) {
        EngineConfig.Pool config = new EngineConfig.Pool("test_pool", "btrfs", image().toString(), size, unmountOnStop,
                quotas);
        PoolProvider pool = PoolProviders.create(new EngineConfig.PoolManager(work.resolve("mnt").toString(),
                List.of(config)), config);
        opened.add(pool);
        pool.open();
        return pool;
    }

    private Path image() {
        return work.resolve("images/test_pool.img");
    }

    static void assertOwnedByPostgresOnly(Path dir) throws IOException {
        assertThat(Files.getOwner(dir).getName()).isEqualTo("postgres");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    static void writeRandom(Path file, long bytes) throws IOException {
        byte[] data = new byte[(int) bytes];
        new Random(bytes).nextBytes(data);
        Files.write(file, data);
    }

    private static IOException fillWithData(Path file) {
        byte[] chunk = new byte[(int) MiB];
        new Random(1).nextBytes(chunk);
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            return full;
        }
    }

    private static void fillWithEmptyFiles(Path dir) {
        String longName = "x".repeat(200);
        try {
            for (int i = 0; ; i++) {
                Files.createFile(dir.resolve(i + longName));
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
    }
}
