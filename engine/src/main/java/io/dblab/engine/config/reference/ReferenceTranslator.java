package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a server.yml written for Postgres.ai's Database Lab Engine into this engine's keys
 * before strict binding, so the binder and the validator check the result as they check any file.
 * Each reference key is mapped to ours, or ignored with a warning line when it only makes sense
 * with Docker, ZFS or the reference's directories, or refused when ignoring it would change what
 * clones hold or who reaches them. Our own keys pass unchanged; a key set both ways with different
 * values is an error naming both. docs/configuration.md, "Reference server.yml", has the table.
 */
public final class ReferenceTranslator {
    private ReferenceTranslator() {}

    /**
     * What the rewriting gives: our tree and one warning line per reason something was ignored.
     */
    public record Result(JsonNode tree, List<String> warnings) {}

    /** Rewrites {@code root} (changed in place) using {@code env} where the reference reads it (PGPASSWORD). */
    public static Result translate(JsonNode root, Map<String, String> env, String source) {
        if (!(root instanceof ObjectNode tree)) {
            return new Result(root, List.of()); // the binder says what is wrong with it
        }
        Rewrite rw = new Rewrite(tree, env, source);
        new TopLevelSections(rw).rewrite();
        new SharedSections(rw).rewrite();
        new RetrievalJobs(rw).rewrite();
        return new Result(tree, rw.warnings());
    }
}
