package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's {@code retrieval.jobs} and {@code retrieval.spec}: the jobs choose the retrieval
 * mode, and each listed job's {@code options} are rewritten by its kind. The spec of a job that is
 * not listed is not run by the reference either.
 */
final class RetrievalJobs {
    private static final Set<String> LOGICAL = Set.of("logicalDump", "logicalRestore");
    private static final Set<String> JOBS = Set.of("logicalDump", "logicalRestore", "logicalSnapshot", "physicalRestore",
            "physicalSnapshot");
    private static final String SPEC = "retrieval.spec";

    private final Rewrite rw;

    RetrievalJobs(Rewrite rw) {
        this.rw = rw;
    }

    void rewrite() {
        ObjectNode retrieval = rw.section("retrieval");
        JsonNode jobsNode = Rewrite.take(retrieval, "jobs");
        JsonNode spec = Rewrite.take(retrieval, "spec");
        if (jobsNode == null && spec == null) {
            return;
        }
        List<String> jobs = rw.texts(jobsNode, "retrieval.jobs");
        for (int i = 0; i < jobs.size(); i++) {
            if (!JOBS.contains(jobs.get(i))) {
                throw rw.refuse("retrieval.jobs[" + i + "]", "unknown job '" + jobs.get(i) + "', the jobs are " + JOBS);
            }
        }
        boolean logical = jobs.stream().anyMatch(LOGICAL::contains);
        boolean physical = jobs.contains("physicalRestore");
        if (logical && physical) {
            throw rw.refuse("retrieval.jobs", "a logical and a physical restore job cannot run together");
        }
        if (jobs.contains("logicalRestore") && !jobs.contains("logicalDump")) {
            throw rw.refuse("retrieval.jobs", "logicalRestore without logicalDump restores dump files from"
                    + " dumpLocation, which this engine does not read: add logicalDump with the source's connection");
        }
        rw.set("retrieval.jobs", TextNode.valueOf(logical ? "logical" : physical ? "physical" : "none"), "retrieval", "mode");
        LogicalJobs logicalJobs = new LogicalJobs(rw);
        PhysicalJobs physicalJobs = new PhysicalJobs(rw);
        Map<String, Rewrite.Field> kinds = Map.of(
                "logicalDump", logicalJobs::dump, "logicalRestore", logicalJobs::restore,
                "logicalSnapshot", logicalJobs::snapshot, "physicalRestore", physicalJobs::restore,
                "physicalSnapshot", physicalJobs::snapshot);
        rw.each(spec, SPEC, Rewrite.fields(JOBS, (job, path) -> {
            String name = path.substring(SPEC.length() + 1);
            if (!jobs.contains(name)) {
                rw.ignore(path, "not in retrieval.jobs, so the reference does not run it either");
                return;
            }
            rw.each(job, path, Map.of("options", kinds.get(name)));
        }));
        logicalJobs.finish(SPEC);
        physicalJobs.finish();
    }
}
