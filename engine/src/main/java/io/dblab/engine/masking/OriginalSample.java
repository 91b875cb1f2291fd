package io.dblab.engine.masking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, before masking, a few original values of each masked column: the residue search later
 * looks for exactly these. They stay in this process's memory only and are dropped when the
 * verification is done. Values come back hex-encoded so that no byte of them can break the
 * output's line format.
 */
final class OriginalSample {
    static final int PER_COLUMN = 20;
    /** Rows read per column to find PER_COLUMN distinct usable values; the first rows are enough. */
    private static final int ROWS_READ = 200;

    private OriginalSample() {}

    static List<byte[]> read(PrivateSql sql, List<ResolvedColumn> columns, SampleFilter filter) {
        List<byte[]> patterns = new ArrayList<>();
        for (ResolvedColumn c : columns) {
            String text = c.quotedColumn() + "::text";
            String query = "SELECT encode(convert_to(left(" + text + ", " + SampleFilter.MAX_PATTERN_BYTES
                    + "), 'UTF8'), 'hex') FROM " + c.qualifiedTable() + " WHERE " + c.quotedColumn()
                    + " IS NOT NULL AND octet_length(" + text + ") >= " + SampleFilter.MIN_BYTES + " LIMIT " + ROWS_READ;
            Map<String, byte[]> distinct = new LinkedHashMap<>();
            for (String hex : sql.lines(c.database(), query, "sampling rule " + c.rule().number() + " (" + c.describe() + ")")) {
                String value = new String(HexFormat.of().parseHex(hex.strip()), StandardCharsets.UTF_8);
                byte[] pattern = filter.pattern(value);
                if (pattern != null) {
                    distinct.putIfAbsent(value, pattern);
                }
                if (distinct.size() == PER_COLUMN) {
                    break;
                }
            }
            patterns.addAll(distinct.values());
        }
        return patterns;
    }
}
