package io.dblab.engine.pool;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes from {@code btrfs filesystem du}, which sees which extents are shared. Slower than quota
 * groups (it walks every file), so it is the fallback when quotas cannot be enabled, and the meter
 * for reflink pools that happen to live on btrfs.
 */
final class BtrfsDuMeter implements SpaceMeter {
    private static final Logger log = LoggerFactory.getLogger(BtrfsDuMeter.class);
    private final Path fileSystem;

    /** @param fileSystem a path on the file system that holds the copies to measure */
    BtrfsDuMeter(Path fileSystem) {
        this.fileSystem = fileSystem;
    }

    @Override
    public Map<Path, SpaceUsage> measure(List<Path> paths) {
        Map<Path, SpaceUsage> usage = new HashMap<>();
        if (paths.isEmpty()) {
            return usage;
        }
        // extents exist only once written back: before that, new data is neither exclusive nor shared
        Command.of("sync", "-f", fileSystem.toString()).check();
        CommandResult result = Command.of(SpaceMeter.walk(List.of("btrfs", "filesystem", "du", "-s", "--raw", "--"), paths))
                .run();
        for (String line : result.output().split("\n")) {
            // "<total> <exclusive> <set shared> <path>"; the header and error lines do not start with digits
            String[] fields = line.strip().split("\\s+", 4);
            if (fields.length == 4 && fields[0].matches("\\d+") && fields[1].matches("\\d+")) {
                usage.put(Path.of(fields[3]), new SpaceUsage(Long.parseLong(fields[1]), Long.parseLong(fields[0])));
            }
        }
        if (!result.ok()) {
            log.warn("btrfs filesystem du reported problems: {}", result.diagnostics());
        }
        return usage;
    }
}
