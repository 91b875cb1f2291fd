package io.dblab.joe.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The numbers a person reads first: total, planning and execution time, I/O time, and the buffers the
 * statement used, in blocks and in bytes. Buffer counts are the top node's, which include everything
 * below it. Temp buffers are never hit or dirtied, so those two are always 0.
 */
public record PlanSummary(OptionalDouble planningTime, OptionalDouble executionTime, double ioReadTime,
                          double ioWriteTime, List<BufferAmount> buffers, long blockSize, OptionalDouble rows) {
    public PlanSummary {
        buffers = List.copyOf(buffers);
    }

    /** @param blockSize the server's block_size in bytes */
    public static PlanSummary of(ExplainPlan plan, long blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        PlanNode root = plan.root();
        BufferCounts counts = root.buffers();
        List<BufferAmount> amounts = new ArrayList<>();
        add(amounts, BufferKind.SHARED, blockSize, counts.sharedHit(), counts.sharedRead(), counts.sharedDirtied(), counts.sharedWritten());
        add(amounts, BufferKind.LOCAL, blockSize, counts.localHit(), counts.localRead(), counts.localDirtied(), counts.localWritten());
        add(amounts, BufferKind.TEMP, blockSize, 0, counts.tempRead(), 0, counts.tempWritten());
        OptionalDouble rows = root.hasActuals() ? OptionalDouble.of(root.actualRowsAllLoops()) : OptionalDouble.empty();
        return new PlanSummary(plan.planningTime(), plan.executionTime(), counts.ioReadTime(), counts.ioWriteTime(),
                amounts, blockSize, rows);
    }

    private static void add(List<BufferAmount> amounts, BufferKind kind, long blockSize, long... byOperation) {
        BufferOperation[] operations = BufferOperation.values();
        for (int i = 0; i < operations.length; i++) {
            amounts.add(new BufferAmount(kind, operations[i], byOperation[i], byOperation[i] * blockSize));
        }
    }

    /** Planning plus execution time; only one of them when the other is not known. */
    public OptionalDouble totalTime() {
        if (planningTime.isEmpty() && executionTime.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(planningTime.orElse(0) + executionTime.orElse(0));
    }

    public BufferAmount buffer(BufferKind kind, BufferOperation operation) {
        return buffers.stream().filter(b -> b.kind() == kind && b.operation() == operation).findFirst()
                .orElseThrow();
    }

    /** A few lines for people: times, then the buffers that were used. */
    public String text() {
        StringBuilder text = new StringBuilder();
        totalTime().ifPresent(total -> text.append("Time: ").append(millis(total)).append(" (planning ")
                .append(millis(planningTime.orElse(0))).append(", execution ").append(millis(executionTime.orElse(0)))
                .append(")\n"));
        text.append("I/O time: read ").append(millis(ioReadTime)).append(", write ").append(millis(ioWriteTime)).append('\n');
        rows.ifPresent(r -> text.append("Rows: ").append(String.format(Locale.ROOT, "%.0f", r)).append('\n'));
        text.append("Buffers (").append(bytes(blockSize)).append(" blocks):\n");
        for (BufferKind kind : BufferKind.values()) {
            text.append("  ").append(kind.name().toLowerCase(Locale.ROOT)).append(':');
            String separator = " ";
            for (BufferAmount amount : buffers) {
                if (amount.kind() == kind && (kind != BufferKind.TEMP || amount.operation() == BufferOperation.READ
                        || amount.operation() == BufferOperation.WRITTEN)) {
                    text.append(separator).append(amount.operation().name().toLowerCase(Locale.ROOT)).append(' ')
                            .append(amount.blocks()).append(" (").append(bytes(amount.bytes())).append(')');
                    separator = ", ";
                }
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f ms", ms);
    }

    /** Bytes in binary units: "8.0 KiB", "1.5 GiB". */
    public static String bytes(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
