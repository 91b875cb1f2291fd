package io.dblab.engine.pool;

import io.dblab.pg.process.Command;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes from btrfs quota groups: every subvolume has a level-0 qgroup {@code 0/<subvolume id>} with
 * its referenced and exclusive bytes, kept up to date by the kernel, so reading them costs two
 * commands however large the pool is.
 */
final class QgroupMeter implements SpaceMeter {
    private final Path root;
    /** The pool root's path as {@code btrfs subvolume list} prints it ("" when the root is the top level). */
    private final String listPrefix;

    private QgroupMeter(Path root, String listPrefix) {
        this.root = root;
        this.listPrefix = listPrefix;
    }

    /**
     * Enables quotas on the file system of {@code root} and learns how subvolume paths are printed
     * there from {@code dataDir}, a subvolume directly under the root.
     */
    static QgroupMeter enable(Path root, Path dataDir) {
        Command.of("btrfs", "quota", "enable", root.toString()).check();
        // enabling starts a rescan; until it ends the figures are wrong, so wait (instant on a new pool)
        Command.of("btrfs", "quota", "rescan", "-W", root.toString()).check();
        long dataId = Long.parseLong(Command.of("btrfs", "inspect-internal", "rootid", dataDir.toString()).check().strip());
        String dataListed = subvolumeIds(root).entrySet().stream()
                .filter(e -> e.getValue() == dataId).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("btrfs subvolume list does not show " + dataDir));
        String dataName = dataDir.getFileName().toString();
        return new QgroupMeter(root, dataListed.substring(0, dataListed.length() - dataName.length()));
    }

    @Override
    public Map<Path, SpaceUsage> measure(List<Path> paths) {
        // qgroups are updated when a transaction commits; syncfs writes dirty data back and commits, so the
        // figures include recent writes (btrfs filesystem sync alone leaves delayed allocations out)
        Command.of("sync", "-f", root.toString()).check();
        Map<String, Long> ids = subvolumeIds(root);
        Map<Long, SpaceUsage> groups = qgroups();
        Map<Path, SpaceUsage> usage = new HashMap<>();
        for (Path path : paths) {
            Long id = ids.get(listPrefix + root.relativize(path));
            SpaceUsage found = id == null ? null : groups.get(id);
            if (found != null) {
                usage.put(path, found);
            }
        }
        return usage;
    }

    /** Subvolume ids by path, from lines like {@code ID 257 gen 9 top level 5 path snapshots/s1}. */
    private static Map<String, Long> subvolumeIds(Path root) {
        Map<String, Long> ids = new HashMap<>();
        for (String line : Command.of("btrfs", "subvolume", "list", root.toString()).check().split("\n")) {
            int pathAt = line.indexOf(" path ");
            String[] fields = line.split("\\s+");
            if (line.startsWith("ID ") && pathAt > 0) {
                ids.put(line.substring(pathAt + " path ".length()), Long.parseLong(fields[1]));
            }
        }
        return ids;
    }

    /** Level-0 qgroups by subvolume id, from lines like {@code 0/257  3162112  16384  ...}. */
    private Map<Long, SpaceUsage> qgroups() {
        Map<Long, SpaceUsage> groups = new HashMap<>();
        for (String line : Command.of("btrfs", "qgroup", "show", "--raw", root.toString()).check().split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3 && fields[0].startsWith("0/")) {
                long referenced = bytes(fields[1]);
                long exclusive = bytes(fields[2]);
                groups.put(Long.parseLong(fields[0].substring(2)), new SpaceUsage(exclusive, referenced));
            }
        }
        return groups;
    }

    /**
     * A qgroup counter. While the kernel settles its accounting it can print a counter that went
     * below zero as an unsigned 64-bit number (18446744071555268608); that reads as 0, not as an error.
     */
    static long bytes(String counter) {
        long value = Long.parseUnsignedLong(counter);
        return value < 0 ? 0 : value;
    }
}
