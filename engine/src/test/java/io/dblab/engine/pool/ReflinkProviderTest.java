package io.dblab.engine.pool;

import static io.dblab.engine.pool.BtrfsProviderTest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReflinkProviderTest {
    private static final long MiB = 1024 * 1024;
    private static final Duration SIZE_REFRESH = Duration.ofSeconds(15);

    private Path work;
    private final List<PoolProvider> opened = new ArrayList<>();

    @BeforeEach
    void createWorkDir() throws IOException {
        work = Files.createTempDirectory("dblab-reflink-pool-");
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
    void openCreatesThePoolLayout() throws IOException {
        PoolProvider pool = openPool(work.resolve("mnt"));

        assertThat(pool.mode()).isEqualTo("reflink");
        assertThat(pool.root()).isEqualTo(work.resolve("mnt/test_pool"));
        assertThat(pool.dataDir()).isEqualTo(pool.root().resolve("data")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pool.dataDir()))).isEqualTo("rwx------");
        assertThat(Files.getOwner(pool.dataDir()).getName()).isEqualTo(OsUser.forPostgres().name());
        assertThat(pool.listSnapshots()).isEmpty();
        assertThat(pool.listClones()).isEmpty();
        try (var entries = Files.list(pool.root())) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no reflink probe left behind")
                    .containsExactlyInAnyOrder("data", "snapshots", "clones");
        }
    }

    @Test
    void snapshotsAndClonesAreIndependentCopies() throws IOException {
        PoolProvider pool = openPool(work.resolve("mnt"));
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");

        Path snapshot = pool.createSnapshot("snap1");
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "16\n");
        Path clone = pool.createClone("snap1", "clone1");
        Files.writeString(clone.resolve("PG_VERSION"), "clone\n");

        assertThat(snapshot.resolve("PG_VERSION")).hasContent("15");
        assertThat(clone.resolve("PG_VERSION")).hasContent("clone");
        assertThat(pool.dataDir().resolve("PG_VERSION")).hasContent("16");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clone))).isEqualTo("rwx------");
        assertThat(pool.listSnapshots()).containsExactly("snap1");
        assertThat(pool.listClones()).containsExactly("clone1");
    }

    @Test
    void aSnapshotOfACloneIsACopyWithoutTheServerLockFile() throws IOException {
        PoolProvider pool = openPool(work.resolve("mnt"));
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");
        pool.createSnapshot("snap1");
        Path clone = pool.createClone("snap1", "clone1");
        Files.writeString(clone.resolve("committed"), "work in the clone");
        Files.writeString(clone.resolve("postmaster.pid"), "12345\n" + clone + "\n");

        Path commit = pool.createSnapshotOfClone("clone1", "snap2");
        Files.writeString(clone.resolve("committed"), "later work");

        assertThat(pool.atomicSnapshots()).as("cp copies file by file").isFalse();
        assertThat(pool.listSnapshots()).containsExactly("snap1", "snap2");
        assertThat(commit.resolve("committed")).hasContent("work in the clone");
        assertThat(commit.resolve("postmaster.pid")).doesNotExist();
        assertThat(clone.resolve("postmaster.pid")).exists();
        assertThat(pool.createClone("snap2", "clone2").resolve("committed")).hasContent("work in the clone");
    }

    @Test
    void deletingRemovesCopiesAndIsIdempotent() {
        PoolProvider pool = openPool(work.resolve("mnt"));
        pool.createSnapshot("snap1");
        pool.createClone("snap1", "clone1");

        pool.deleteClone("clone1");
        pool.deleteSnapshot("snap1");
        pool.deleteClone("clone1");
        pool.deleteSnapshot("snap1");

        assertThat(pool.listClones()).isEmpty();
        assertThat(pool.listSnapshots()).isEmpty();
    }

    @Test
    void resetDataDirLeavesAnEmptyDirectoryAndKeepsSnapshots() throws IOException {
        PoolProvider pool = openPool(work.resolve("mnt"));
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");
        pool.createSnapshot("snap1");

        pool.resetDataDir();

        assertThat(pool.dataDir()).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pool.dataDir()))).isEqualTo("rwx------");
        assertThat(pool.snapshotPath("snap1").resolve("PG_VERSION")).hasContent("15");
    }

    @Test
    void partialCopiesAreNotListed() throws IOException {
        PoolProvider pool = openPool(work.resolve("mnt"));
        Files.createDirectory(pool.root().resolve("snapshots/.snap1.partial"));
        Files.createDirectory(pool.root().resolve("clones/.clone1.partial"));

        assertThat(pool.listSnapshots()).isEmpty();
        assertThat(pool.listClones()).isEmpty();
        pool.createSnapshot("snap1");
        assertThat(pool.listSnapshots()).containsExactly("snap1");
    }

    @Test
    void resetDataDirToClusterCopiesATemplateThatInitdbFillsOnce() throws IOException {
        ClusterTemplateCheck.verify(openPool(work.resolve("mnt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../escape", "a/b", "a..b", ".hidden", "-dash", "with space"})
    void invalidNamesAreRejected(String name) {
        PoolProvider pool = openPool(work.resolve("mnt"));
        pool.createSnapshot("snap1");

        assertThatThrownBy(() -> pool.createSnapshot(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.createClone("snap1", name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.deleteClone(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.deleteSnapshot(name)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.listClones()).isEmpty();
    }

    @Test
    void statsDescribeThePool() throws IOException {
        PoolProvider pool = openPool(work.resolve("mnt"));
        writeRandom(pool.dataDir().resolve("base"), 2 * MiB);
        pool.createSnapshot("snap1");
        pool.createClone("snap1", "clone1");

        pool.measureUsage();
        FileSystemStats stats = pool.stats();

        assertThat(stats.mode()).isEqualTo("reflink");
        assertThat(stats.size()).isPositive();
        assertThat(stats.used()).isEqualTo(stats.size() - stats.free());
        assertThat(stats.dataSize()).isGreaterThanOrEqualTo(2 * MiB);
        assertThat(stats.compressRatio()).isEqualTo(1.0);
        if (!stats.sharedCopies()) {
            assertThat(stats.usedBySnapshots()).isGreaterThanOrEqualTo(2 * MiB);
            assertThat(pool.cloneDiffSize("clone1")).isGreaterThanOrEqualTo(2 * MiB);
        }
    }

    @Test
    void onAFileSystemWithoutReflinksEveryCopyIsFull() throws IOException {
        Requirements.requireRoot();
        Path tmpfs = Files.createDirectory(work.resolve("tmpfs"));
        Command.of("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", tmpfs.toString()).check();
        PoolProvider pool = openPool(tmpfs);
        writeRandom(pool.dataDir().resolve("base"), 4 * MiB);
        pool.createSnapshot("snap1");
        pool.createClone("snap1", "clone1");

        pool.measureUsage();
        assertThat(pool.stats().sharedCopies()).isFalse();
        assertThat(pool.cloneDiffSize("clone1")).isGreaterThanOrEqualTo(4 * MiB);
        assertThat(pool.snapshotSize("snap1").physical()).isGreaterThanOrEqualTo(4 * MiB);
        assertThat(pool.stats().usedByClones()).isGreaterThanOrEqualTo(4 * MiB);
    }

    @Test
    void aFullPoolSaysNoSpaceLeftOnDeviceAndKeepsNoPartialCopy() throws IOException {
        Requirements.requireRoot();
        Path tmpfs = Files.createDirectory(work.resolve("tmpfs"));
        Command.of("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", tmpfs.toString()).check();
        PoolProvider pool = openPool(tmpfs);
        writeRandom(pool.dataDir().resolve("base"), 4 * MiB);

        assertThatThrownBy(() -> pool.createSnapshot("snap1")).hasMessageContaining("No space left on device");

        assertThat(pool.listSnapshots()).isEmpty();
        assertThat(pool.root().resolve("snapshots")).isEmptyDirectory();
    }

    @Test
    void onBtrfsCopiesShareBlocks() throws IOException {
        Requirements.requireBtrfs();
        PoolProvider btrfs = new BtrfsProvider("btrfs_pool", work.resolve("mnt/btrfs_pool"),
                work.resolve("btrfs_pool.img"), 1024 * MiB, true, true);
        opened.add(btrfs);
        btrfs.open();
        PoolProvider pool = openPool(btrfs.root());
        writeRandom(pool.dataDir().resolve("base"), 4 * MiB);
        pool.createSnapshot("snap1");
        Path clone = pool.createClone("snap1", "clone1");

        pool.measureUsage();
        assertThat(pool.stats().sharedCopies()).isTrue();
        assertThat(pool.cloneDiffSize("clone1")).isLessThan(MiB);
        assertThat(pool.snapshotSize("snap1").logical()).isGreaterThanOrEqualTo(4 * MiB);
        writeRandom(clone.resolve("written-by-clone"), 4 * MiB);
        await().atMost(SIZE_REFRESH).untilAsserted(() ->
                assertThat(pool.cloneDiffSize("clone1")).isGreaterThanOrEqualTo(4 * MiB));
    }

    private PoolProvider openPool(Path mountDir) {
        EngineConfig.Pool config = new EngineConfig.Pool("test_pool", "reflink", null, null, false, true);
        PoolProvider pool = PoolProviders.create(new EngineConfig.PoolManager(mountDir.toString(), List.of(config)), config);
        opened.add(0, pool);
        pool.open();
        return pool;
    }
}
