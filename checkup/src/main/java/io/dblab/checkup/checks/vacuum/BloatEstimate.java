package io.dblab.checkup.checks.vacuum;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The arithmetic of F004 and F005: how many pages a table or B-tree index would need if it were
 * packed as tightly as a fresh load (or a fresh {@code CREATE INDEX}) packs it, from its row count
 * ({@code pg_class.reltuples}) and its columns' average width and null fraction
 * ({@code pg_stats.avg_width}, {@code pg_stats.null_frac}; never any data value). Everything above
 * that is estimated bloat.
 *
 * <p>Heap tuple: 23-byte header plus the null bitmap (when any column has nulls or the table has
 * dropped columns), aligned to 8; then each column at its alignment, weighted by how often it is
 * not null; the tuple aligned to 8 plus its 4-byte line pointer. Pages hold
 * {@code (block_size − 24) × fillfactor} bytes of tuples (at most 291 tuples per 8 kB page).
 * Short varlena values (under 127 bytes) need no alignment.
 *
 * <p>B-tree: 8-byte index tuple header (16 with a null bitmap), key and INCLUDE columns as above,
 * aligned to 8, plus the line pointer; leaf pages hold {@code (block_size − 24 − 16)} × 70% (or the
 * index's fillfactor when lower), one internal page per leaf page's worth of fan-out at 70%, plus
 * the meta page. 70% rather than the 90% of a fresh build: a B-tree that grows by inserts in random
 * key order settles at about 70% full pages (page splits leave halves), which is healthy, not
 * bloat. Deduplication (PostgreSQL 13+) makes indexes with many equal keys smaller than this, so
 * their bloat is under-, never over-estimated.
 */
final class BloatEstimate {
    static final int MAXALIGN = 8;
    static final int PAGE_HEADER = 24;
    static final int LINE_POINTER = 4;
    static final int HEAP_TUPLE_HEADER = 23;
    static final int INDEX_TUPLE_HEADER = 8;
    static final int BTREE_SPECIAL = 16;

    /** One column: dropped or not, {@code attlen}, {@code attalign}, and its statistics (null when missing). */
    record Column(boolean dropped, int length, char align, Double avgWidth, Double nullFrac) {
        boolean hasStats() {
            return dropped || (avgWidth != null && nullFrac != null);
        }
    }

    private BloatEstimate() {}

    /** The bytes of an average heap tuple with its line pointer; empty when a column has no statistics. */
    static OptionalDouble heapTupleBytes(List<Column> columns) {
        if (columns.isEmpty() || !columns.stream().allMatch(Column::hasStats)) {
            return OptionalDouble.empty();
        }
        boolean nulls = columns.stream().anyMatch(c -> c.dropped() || c.nullFrac() > 0);
        double header = alignUp(HEAP_TUPLE_HEADER + (nulls ? (columns.size() + 7) / 8 : 0), MAXALIGN);
        return OptionalDouble.of(alignUp(header + dataBytes(columns), MAXALIGN) + LINE_POINTER);
    }

    /** The bytes of an average B-tree leaf tuple with its line pointer; empty when a column has no statistics. */
    static OptionalDouble indexTupleBytes(List<Column> columns) {
        if (columns.isEmpty() || !columns.stream().allMatch(Column::hasStats)) {
            return OptionalDouble.empty();
        }
        boolean nulls = columns.stream().anyMatch(c -> !c.dropped() && c.nullFrac() > 0);
        double header = nulls ? alignUp(INDEX_TUPLE_HEADER + 4, MAXALIGN) : INDEX_TUPLE_HEADER;
        return OptionalDouble.of(alignUp(header + dataBytes(columns), MAXALIGN) + LINE_POINTER);
    }

    /** Pages a tightly packed heap with these tuples needs. */
    static double heapPages(double tuples, double tupleBytes, int blockSize, int fillfactor) {
        double usable = blockSize - PAGE_HEADER;
        double maxPerPage = Math.floor(usable / (alignUp(HEAP_TUPLE_HEADER, MAXALIGN) + LINE_POINTER));
        double perPage = Math.max(1, Math.min(maxPerPage, Math.floor(usable * fillfactor / 100.0 / tupleBytes)));
        return Math.ceil(Math.max(0, tuples) / perPage);
    }

    /** How full the leaf pages of a healthy B-tree are: where random inserts leave them. */
    static final int NATURAL_LEAF_FILL = 70;

    /** Pages a healthy B-tree with these tuples needs: leaves, internal pages, the meta page. */
    static double btreePages(double tuples, double tupleBytes, int blockSize, int fillfactor) {
        double usable = blockSize - PAGE_HEADER - BTREE_SPECIAL;
        double fill = Math.min(fillfactor, NATURAL_LEAF_FILL);
        double perLeaf = Math.max(1, Math.floor(usable * fill / 100.0 / tupleBytes));
        double leaves = Math.ceil(Math.max(0, tuples) / perLeaf);
        double perInternal = Math.max(2, Math.floor(usable * 0.7 / tupleBytes));
        double internal = leaves > 1 ? Math.ceil(leaves / perInternal) : 0;
        return Math.max(1, leaves) + internal + 1;
    }

    private static double dataBytes(List<Column> columns) {
        double offset = 0;
        for (Column c : columns) {
            if (c.dropped()) {
                continue;
            }
            double width = c.avgWidth();
            int align = alignment(c);
            double padded = alignUp(Math.ceil(offset), align);
            offset += (1 - c.nullFrac()) * (padded - offset + width);
        }
        return offset;
    }

    private static int alignment(Column c) {
        if (c.length() == -1 && c.avgWidth() != null && c.avgWidth() < 127) {
            return 1; // short varlena: 1-byte header, stored unaligned
        }
        return switch (c.align()) {
            case 's' -> 2;
            case 'i' -> 4;
            case 'd' -> 8;
            default -> 1;
        };
    }

    static double alignUp(double v, int align) {
        return Math.ceil(v / align) * align;
    }
}
