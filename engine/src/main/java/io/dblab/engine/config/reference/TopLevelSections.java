package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reference's top-level sections that ours does not have: {@code global}, {@code retention}, and those with no meaning here. */
final class TopLevelSections {
    static final String DOCKER = "Docker only: this engine runs PostgreSQL without containers";
    /** Sections whose whole content belongs to something this engine does not have. */
    private static final List<Map.Entry<String, String>> IGNORED = List.of(
            Map.entry("embeddedUI", "the reference's UI container; this engine serves its own pages on the API port"),
            Map.entry("diagnostic", "the reference's archive of container logs; this engine writes engine.log in stateDir"),
            Map.entry("observer", "the reference's CI observer (clone observation sessions) is not implemented here"),
            Map.entry("estimator", "the reference's estimator of timings in clones is not implemented here"));
    /** Holders of YAML anchors in the reference's examples, with no meaning of their own. */
    private static final Set<String> ANCHOR_HOLDERS = Set.of("databaseContainer", "databaseConfigs");
    private static final String MANAGEMENT = "the engine connects to the servers it runs as the superuser postgres,"
            + " to the database postgres";

    private final Rewrite rw;

    TopLevelSections(Rewrite rw) {
        this.rw = rw;
    }

    void rewrite() {
        IGNORED.forEach(section -> rw.ignoreUnlessEmpty(rw.root().remove(section.getKey()), section.getKey(), section.getValue()));
        ANCHOR_HOLDERS.forEach(rw.root()::remove);
        global(rw.root().remove("global"));
        retention(rw.root().remove("retention"));
    }

    private void global(JsonNode global) {
        rw.each(global, "global", Map.of(
                "engine", (value, path) -> {
                    if (!rw.text(value, path).equals("postgres")) {
                        throw rw.refuse(path, "the only engine is postgres");
                    }
                },
                // ours too: put back where the binder reads it
                "debug", (value, path) -> rw.set(path, BooleanNode.valueOf(rw.flag(value, path)), "global", "debug"),
                "database", (value, path) -> rw.each(value, path, Map.of(
                        "username", this::management, "dbname", this::management)),
                "telemetry", (value, path) -> rw.ignore(path, "this engine sends no telemetry")));
    }

    private void management(JsonNode value, String path) {
        String name = rw.text(value, path);
        if (!name.isEmpty() && !name.equals("postgres")) {
            rw.ignore(path, MANAGEMENT);
        }
    }

    /** The reference's deletion of unused snapshots and branches; its cap on protections is ours too. */
    private void retention(JsonNode retention) {
        Rewrite.Field unused = (value, path) -> {
            if (!rw.text(value, path).matches("0*")) {
                rw.ignore(path, "snapshots and branches are not deleted for being unused here;"
                        + " retrieval.retention.limit keeps the newest N snapshots");
            }
        };
        Rewrite.Field tuning = (value, path) -> { };
        rw.each(retention, "retention", Map.of(
                "unusedSnapshotMinutes", unused, "unusedBranchMinutes", unused,
                "checkIntervalMinutes", tuning, "maxDeletionsPerTick", tuning,
                "protectionMaxDurationMinutes", (value, path) -> {
                    int minutes = rw.integer(value, path);
                    if (minutes != 0) {
                        rw.set(path, IntNode.valueOf(minutes), "cloning", "protectionMaxDurationMinutes");
                    }
                }));
    }
}
