package io.dblab.testkit;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine. A missing requirement skips the test with the reason, except
 * under {@code DBLAB_REQUIRE_ALL=1} (set in CI), where it fails it: CI must never pass by skipping.
 */
public final class Requirements {
    private Requirements() {}

    public static boolean requireAll() {
        return "1".equals(System.getenv("DBLAB_REQUIRE_ALL"));
    }

    public static void require(boolean met, String reason) {
        if (met) {
            return;
        }
        if (requireAll()) {
            Assertions.fail("DBLAB_REQUIRE_ALL=1 but " + reason);
        }
        Assumptions.abort(reason);
    }

    public static void requireRoot() {
        require(OsUser.isRoot(), "this test needs root (loop devices, mounts, the postgres OS user)");
    }

    public static void requireBtrfs() {
        requireRoot();
        boolean tools = Files.isExecutable(Path.of("/usr/sbin/mkfs.btrfs")) || Files.isExecutable(Path.of("/sbin/mkfs.btrfs"));
        require(tools, "btrfs-progs is not installed (apt-get install -y btrfs-progs)");
        boolean kernel = Command.of("grep", "-qw", "btrfs", "/proc/filesystems").run().ok()
                || Command.of("modprobe", "btrfs").run().ok();
        require(kernel, "the kernel has no btrfs support");
    }

    public static void requirePostgres() {
        require(Files.isExecutable(TestPostgres.BIN_DIR.resolve("postgres")),
                "PostgreSQL server binaries are missing in " + TestPostgres.BIN_DIR);
    }
}
