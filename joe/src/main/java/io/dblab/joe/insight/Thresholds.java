package io.dblab.joe.insight;

/**
 * Where each insight rule starts to fire. A rule fires when the measured value is above its count
 * threshold, or at or above its factor or share.
 *
 * <p>Defaults: the first seven follow the ones Postgres.ai's Joe ships with (a sequential scan touching
 * more than 50 blocks; more than 100 blocks read or 1,000 hit; more than 10,000 rows returned; any temp
 * block written; more than 100 rows removed by an index scan's filter; any heap fetch of an index-only
 * scan). The rest are Database Lab's own: a row estimate off by 10x or more, at a node that handles at
 * least 1,000 rows and takes at least 10% of the execution time; any lossy bitmap block; a nested
 * loop running its inner side more than 1,000 times; JIT taking 10% or more of the total time.
 *
 * @param seqScanBlocks           SEQ_SCAN_MANY_BUFFERS: shared blocks hit and read by one sequential scan
 * @param readBlocks              MUCH_DATA_READ: shared blocks read by the statement
 * @param hitBlocks               MUCH_DATA_READ: shared blocks hit by the statement
 * @param rowsWithoutLimit        MANY_ROWS_WITHOUT_LIMIT: rows returned when the top node is no Limit
 * @param tempWrittenBlocks       TEMP_BUFFERS_WRITTEN: temp blocks written by the statement
 * @param indexFilterRemovedRows  INDEX_SCAN_ROWS_REMOVED_BY_FILTER: rows an index scan fetched and dropped, all loops
 * @param heapFetches             INDEX_ONLY_SCAN_HEAP_FETCHES: heap fetches of an index-only scan
 * @param estimateFactor          ROW_ESTIMATE_OFF: how many times the actual rows differ from the estimate
 * @param estimateMinRows         ROW_ESTIMATE_OFF: rows (the larger of estimate and actual, all loops) for a node to matter
 * @param estimateMinTimeShare    ROW_ESTIMATE_OFF: share of the execution time for a node to matter (when timed)
 * @param lossyBlocks             LOSSY_BITMAP_BLOCKS: lossy heap blocks of a bitmap heap scan
 * @param nestedLoopLoops         NESTED_LOOP_MANY_LOOPS: runs of a nested loop's inner side
 * @param jitShare                JIT_LARGE_SHARE: JIT time as a share of planning plus execution time
 */
public record Thresholds(long seqScanBlocks, long readBlocks, long hitBlocks, long rowsWithoutLimit,
                         long tempWrittenBlocks, long indexFilterRemovedRows, long heapFetches,
                         double estimateFactor, long estimateMinRows, double estimateMinTimeShare,
                         long lossyBlocks, long nestedLoopLoops, double jitShare) {
    public static Thresholds defaults() {
        return new Thresholds(50, 100, 1000, 10_000, 0, 100, 0, 10, 1000, 0.1, 0, 1000, 0.1);
    }
}
