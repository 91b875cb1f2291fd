package io.dblab.engine.pool;

import io.dblab.pg.process.Command;
import io.dblab.testkit.TempDirs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Cleanup for tests that mount things: whatever a failed test left mounted or attached under its
 * work directory is released before the directory is deleted (deleting first would walk into the
 * mounts, and the machine has only a few loop devices).
 */
final class TestMounts {
    private TestMounts() {}

    static void releaseAndDelete(Path workDir) {
        if (workDir == null) {
            return;
        }
        // innermost first, so that nothing is busy when its parent goes
        mountsUnder(workDir).stream().sorted(Comparator.comparing(String::length).reversed())
                .forEach(mountPoint -> Command.of("umount", mountPoint).check());
        loopDevicesUnder(workDir).forEach(device -> Command.of("losetup", "-d", device).check());
        if (!mountsUnder(workDir).isEmpty()) {
            throw new IllegalStateException("still mounted under " + workDir + ": " + mountsUnder(workDir));
        }
        TempDirs.deleteRecursively(workDir);
    }

    static List<String> mountsUnder(Path dir) {
        String output = Command.of("findmnt", "-r", "-n", "-o", "TARGET").check();
        return output.lines().filter(target -> target.startsWith(dir + "/")).toList();
    }

    static boolean isMounted(Path mountPoint) {
        return Command.of("findmnt", "--mountpoint", mountPoint.toString()).run().ok();
    }

    /** Loop devices whose image file lies under {@code dir}, from {@code losetup --list}. */
    static List<String> loopDevicesUnder(Path dir) {
        String output = Command.of("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").check();
        return output.lines().map(line -> line.strip().split("\\s+", 2))
                .filter(fields -> fields.length == 2 && fields[1].startsWith(dir + "/"))
                .map(fields -> fields[0]).toList();
    }

    /** The loop devices that hold {@code image}, as {@code losetup -j} lists them. */
    static List<String> loopDevicesOf(Path image) {
        String output = Command.of("losetup", "-j", image.toString()).check();
        return Arrays.stream(output.split("\n")).filter(line -> !line.isBlank()).toList();
    }
}
