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
 * Apparent sizes from {@code du}. It cannot see shared blocks, so a copy's exclusive size is
 * reported as its whole size: exact for full copies, an upper bound for reflinked ones.
 */
final class DuMeter implements SpaceMeter {
    private static final Logger log = LoggerFactory.getLogger(DuMeter.class);

    @Override
    public Map<Path, SpaceUsage> measure(List<Path> paths) {
        Map<Path, SpaceUsage> usage = new HashMap<>();
        if (paths.isEmpty()) {
            return usage;
        }
        // -l counts hard-linked files in every tree that has them, not only in the first one named
        CommandResult result = Command.of(SpaceMeter.walk(List.of("du", "-s", "-b", "-l", "--"), paths)).run();
        for (String line : result.output().split("\n")) {
            String[] sizeAndPath = line.split("\t", 2);
            if (sizeAndPath.length == 2 && sizeAndPath[0].matches("\\d+")) {
                long bytes = Long.parseLong(sizeAndPath[0]);
                usage.put(Path.of(sizeAndPath[1]), new SpaceUsage(bytes, bytes));
            }
        }
        if (!result.ok()) {
            // usually a copy deleted while we measured; the others' figures are still right
            log.warn("du reported problems: {}", result.diagnostics());
        }
        return usage;
    }
}
