package io.dblab.joe.explain;

/** How Joe asks PostgreSQL for a plan: running the statement, or only planning it. */
public enum ExplainMode {
    /** {@code explain}: runs the statement and measures it. */
    ANALYZE("ANALYZE, COSTS, VERBOSE, BUFFERS, SETTINGS, WAL, FORMAT JSON"),
    /** {@code plan}: the plan without running the statement. */
    PLAN_ONLY("COSTS, VERBOSE, SETTINGS, FORMAT JSON");

    private final String options;

    ExplainMode(String options) {
        this.options = options;
    }

    String prefix() {
        return "EXPLAIN (" + options + ") ";
    }
}
