package io.dblab.joe.insight;

/** Stable IDs of the insight rules: they appear in answers, history and configuration. */
public enum InsightId {
    SEQ_SCAN_MANY_BUFFERS,
    MUCH_DATA_READ,
    MANY_ROWS_WITHOUT_LIMIT,
    TEMP_BUFFERS_WRITTEN,
    INDEX_SCAN_ROWS_REMOVED_BY_FILTER,
    INDEX_ONLY_SCAN_HEAP_FETCHES,
    ROW_ESTIMATE_OFF,
    LOSSY_BITMAP_BLOCKS,
    SPILLED_TO_DISK,
    NESTED_LOOP_MANY_LOOPS,
    PARALLEL_WORKERS_NOT_LAUNCHED,
    JIT_LARGE_SHARE
}
