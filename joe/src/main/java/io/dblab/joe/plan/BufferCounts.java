package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Block counts of EXPLAIN (BUFFERS): shared, local (temporary tables) and temp (sorts, hashes and
 * other work files spilled to disk), plus the I/O times that track_io_timing adds, in milliseconds.
 */
public record BufferCounts(long sharedHit, long sharedRead, long sharedDirtied, long sharedWritten,
                           long localHit, long localRead, long localDirtied, long localWritten,
                           long tempRead, long tempWritten, double ioReadTime, double ioWriteTime) {
    public static final BufferCounts NONE = new BufferCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static BufferCounts of(JsonNode fields) {
        return new BufferCounts(count(fields, "Shared Hit Blocks"), count(fields, "Shared Read Blocks"),
                count(fields, "Shared Dirtied Blocks"), count(fields, "Shared Written Blocks"),
                count(fields, "Local Hit Blocks"), count(fields, "Local Read Blocks"),
                count(fields, "Local Dirtied Blocks"), count(fields, "Local Written Blocks"),
                count(fields, "Temp Read Blocks"), count(fields, "Temp Written Blocks"),
                millis(fields, "I/O Read Time") + millis(fields, "Temp I/O Read Time"),
                millis(fields, "I/O Write Time") + millis(fields, "Temp I/O Write Time"));
    }

    private static long count(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null ? 0 : value.asLong();
    }

    private static double millis(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null ? 0 : value.asDouble();
    }

    public long sharedHitAndRead() {
        return sharedHit + sharedRead;
    }

    /** This node's own share: its counts less those of its children, never below zero. */
    public BufferCounts minus(BufferCounts other) {
        return combine(other, (a, b) -> Math.max(0, a - b), (a, b) -> Math.max(0, a - b));
    }

    public BufferCounts plus(BufferCounts other) {
        return combine(other, Long::sum, Double::sum);
    }

    private BufferCounts combine(BufferCounts o, LongBinaryOperator count, DoubleBinaryOperator time) {
        return new BufferCounts(count.applyAsLong(sharedHit, o.sharedHit), count.applyAsLong(sharedRead, o.sharedRead),
                count.applyAsLong(sharedDirtied, o.sharedDirtied), count.applyAsLong(sharedWritten, o.sharedWritten),
                count.applyAsLong(localHit, o.localHit), count.applyAsLong(localRead, o.localRead),
                count.applyAsLong(localDirtied, o.localDirtied), count.applyAsLong(localWritten, o.localWritten),
                count.applyAsLong(tempRead, o.tempRead), count.applyAsLong(tempWritten, o.tempWritten),
                time.applyAsDouble(ioReadTime, o.ioReadTime), time.applyAsDouble(ioWriteTime, o.ioWriteTime));
    }
}
