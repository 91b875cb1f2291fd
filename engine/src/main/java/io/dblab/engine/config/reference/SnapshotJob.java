package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the reference's two snapshot jobs share: the PostgreSQL {@code configs} a snapshot (and so
 * every clone) runs with, the schedules, and the steps that change the data before the snapshot,
 * which are refused because this engine does not run them.
 */
final class SnapshotJob {
    static final String NO_SQL = "SQL run on the data before the snapshot is not run here: for masking, use"
            + " retrieval.masking.rulesFile (docs/masking.md)";
    private static final String DEFAULT_BIN_DIR = "/usr/lib/postgresql/15/bin";

    private final Rewrite rw;

    SnapshotJob(Rewrite rw) {
        this.rw = rw;
    }

    /** {@code preprocessingScript}: a shell script run on the data; refused unless empty. */
    Rewrite.Field script() {
        return (value, path) -> {
            if (!rw.text(value, path).isEmpty()) {
                throw rw.refuse(path, "scripts are not run on the data before the snapshot here: for masking, use"
                        + " retrieval.masking.rulesFile (docs/masking.md)");
            }
        };
    }

    /** {@code databaseRename}: clones would hold databases under other names; refused unless empty. */
    Rewrite.Field rename() {
        return (value, path) -> {
            if (!Rewrite.isEmpty(value)) {
                throw rw.refuse(path, "databases keep their source's names here");
            }
        };
    }

    /** {@code queryPreprocessing}: SQL files or inline SQL run on the data; refused unless empty. */
    Rewrite.Field queries() {
        Rewrite.Field sql = (value, path) -> {
            if (!rw.text(value, path).isEmpty()) {
                throw rw.refuse(path, NO_SQL);
            }
        };
        return (value, path) -> rw.each(value, path, Map.of("queryPath", sql, "inline", sql,
                "maxParallelWorkers", (workers, workersPath) -> { }));
    }

    /**
     * The snapshot's settings, which every clone starts with: {@code shared_buffers} is the clones'
     * {@code provision.cloneSharedBuffers}, the rest {@code provision.cloneSettings} (where the
     * allowlist applies). A preloaded library not installed here is left out with a warning, since
     * no clone could start with it.
     */
    Rewrite.Field configs() {
        return (value, path) -> {
            if (Rewrite.isEmpty(value)) {
                return;
            }
            if (!value.isObject()) {
                throw rw.wrongType(path, "a mapping of settings");
            }
            for (Map.Entry<String, JsonNode> setting : value.properties()) {
                String name = setting.getKey();
                String settingPath = Rewrite.child(path, name);
                if (name.equals("shared_buffers")) {
                    rw.set(settingPath, TextNode.valueOf(rw.text(setting.getValue(), settingPath)), "provision", "cloneSharedBuffers");
                } else if (name.equals("shared_preload_libraries")) {
                    preloadLibraries(rw.text(setting.getValue(), settingPath), settingPath);
                } else {
                    rw.set(settingPath, TextNode.valueOf(rw.text(setting.getValue(), settingPath)),
                            "provision", "cloneSettings", name);
                }
            }
        };
    }

    private void preloadLibraries(String list, String path) {
        JsonNode binDir = rw.get("provision", "postgresBinDir");
        Path libraries = Path.of(binDir == null ? DEFAULT_BIN_DIR : rw.text(binDir, "provision.postgresBinDir"))
                .resolveSibling("lib");
        List<String> installed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String library : list.split(",")) {
            String name = library.strip().replaceFirst("^\\$libdir/", "");
            if (!name.isEmpty()) {
                (Files.isRegularFile(libraries.resolve(name + ".so")) ? installed : missing).add(name);
            }
        }
        if (!missing.isEmpty()) {
            rw.ignore(path + " (" + String.join(", ", missing) + ")", "not installed in " + libraries
                    + ", so clones preload the others only");
        }
        if (!installed.isEmpty()) {
            rw.set(path, TextNode.valueOf(String.join(", ", installed)), "provision", "cloneSettings", "shared_preload_libraries");
        }
    }

    /**
     * {@code scheduler} (physical) or {@code schedule} (logical): the snapshot timetable and the
     * retention limit; retention here runs after each snapshot, not on a timetable of its own.
     */
    Rewrite.Field schedule() {
        return (value, path) -> rw.each(value, path, Map.of(
                "snapshot", (snapshot, snapshotPath) -> rw.each(snapshot, snapshotPath, Map.of(
                        "timetable", (timetable, timetablePath) -> {
                            String cron = rw.text(timetable, timetablePath);
                            if (!cron.isEmpty()) {
                                rw.set(timetablePath, TextNode.valueOf(cron), "retrieval", "snapshotSchedule");
                            }
                        })),
                "retention", (retention, retentionPath) -> rw.each(retention, retentionPath, Map.of(
                        "timetable", (timetable, timetablePath) -> rw.ignoreUnlessEmpty(timetable, timetablePath,
                                "retention runs after each snapshot here"),
                        "limit", (limit, limitPath) -> {
                            int count = rw.integer(limit, limitPath);
                            if (count != 0) {
                                rw.set(limitPath, IntNode.valueOf(count), "retrieval", "retention", "limit");
                            }
                        }))));
    }
}
