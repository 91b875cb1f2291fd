package io.dblab.checkup.report;

import io.dblab.checkup.checks.common.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The charts of the HTML report, drawn from the data of the first host that has it: table sizes
 * (L001), heap and index bloat (F004, F005) and top queries by total time (K003). For the checks
 * of other packages the chart finds its rows by common names (a list of rows with a label such as
 * {@code table}, {@code index} or {@code query}, and a number such as {@code bloat_bytes} or
 * {@code total_time_ms}); when it finds none there is simply no chart.
 */
public final class Charts {
    static final int TOP = 15;
    private static final List<String> LABEL_KEYS = List.of("relation", "table", "index", "name", "table_name",
            "index_name", "object", "query");
    private static final List<String> BLOAT_KEYS = List.of("bloat_bytes", "extra_bytes", "bloat_size_bytes",
            "wasted_bytes", "excess_bytes", "bloat_size", "extra_size");
    private static final List<String> QUERY_TIME_KEYS = List.of("total_time_ms", "total_exec_time_ms",
            "total_time", "total_exec_time", "exec_time_ms", "time_ms");

    private Charts() {}

    public static Optional<String> forCheck(CheckResult check) {
        Optional<Map<String, Object>> data = check.byHost().values().stream().filter(HostResult::isOk)
                .map(r -> r.data().values()).findFirst();
        if (data.isEmpty()) {
            return Optional.empty();
        }
        return switch (check.id()) {
            case "L001" -> tableSizes(data.get());
            case "F004", "F005" -> bloat(data.get(), check.id() + ": largest estimated bloat");
            case "K003" -> byValue(data.get(), QUERY_TIME_KEYS, "K003: top queries by total time");
            default -> Optional.empty();
        };
    }

    @SuppressWarnings("unchecked")
    static Optional<String> tableSizes(Map<String, Object> data) {
        if (!(data.get("tables") instanceof List<?> tables) || tables.isEmpty()) {
            return Optional.empty();
        }
        List<SvgBarChart.Bar> bars = new ArrayList<>();
        for (Object o : tables) {
            if (!(o instanceof Map<?, ?> m) || bars.size() >= TOP) {
                continue;
            }
            Map<String, Object> row = (Map<String, Object>) m;
            String label = row.getOrDefault("database", "") + "." + row.getOrDefault("schema", "") + "."
                    + row.getOrDefault("table", "");
            bars.add(new SvgBarChart.Bar(label, new double[] {Values.numberOrZero(row.get("heap_bytes")),
                Values.numberOrZero(row.get("indexes_bytes")), Values.numberOrZero(row.get("toast_bytes"))}));
        }
        return Optional.of(SvgBarChart.render("L001: largest tables (top " + bars.size() + ")",
                List.of("heap", "indexes", "TOAST"), bars, Values::bytes));
    }

    /** Bars of object size split into estimated bloat and the rest, largest bloat first. */
    static Optional<String> bloat(Map<String, Object> data, String title) {
        return largest(data, BLOAT_KEYS).map(top -> {
            List<SvgBarChart.Bar> bars = new ArrayList<>();
            for (Map<String, Object> r : top.rows()) {
                double bloat = top.value(r);
                double size = Math.max(bloat, Values.numberOrZero(r.get("size_bytes")));
                String text = Values.bytes(bloat) + (r.get("bloat_pct") != null ? " (" + r.get("bloat_pct") + "%)" : "");
                bars.add(new SvgBarChart.Bar(top.label(r), new double[] {bloat, size - bloat}, text));
            }
            return SvgBarChart.render(title, List.of("estimated bloat", "rest of the size"), bars, Values::bytes);
        });
    }

    /** One bar per row with its value, largest first; values in milliseconds when the value's name says so. */
    static Optional<String> byValue(Map<String, Object> data, List<String> valueKeys, String title) {
        return largest(data, valueKeys).map(top -> {
            List<SvgBarChart.Bar> bars = new ArrayList<>();
            for (Map<String, Object> r : top.rows()) {
                bars.add(new SvgBarChart.Bar(top.label(r), new double[] {top.value(r)}));
            }
            String unit = top.valueKey().contains("ms") ? " ms" : "";
            return SvgBarChart.render(title, List.of(top.valueKey()), bars, v -> DataView.number(v) + unit);
        });
    }

    /** The rows a chart shows: those with the largest values (above zero), at most {@link #TOP}. */
    private record Largest(List<Map<String, Object>> rows, String valueKey, String labelKey) {
        double value(Map<String, Object> row) {
            return Values.numberOrZero(row.get(valueKey));
        }

        /** The row's label on one line, after its database unless it is a query. */
        String label(Map<String, Object> row) {
            String label = String.valueOf(row.get(labelKey)).replaceAll("\\s+", " ");
            Object db = row.get("database");
            return db != null && !labelKey.equals("query") ? db + "." + label : label;
        }
    }

    /**
     * The largest rows of the first list of rows in the data that has a value (the first of
     * {@code valueKeys} it has) and a label; empty when that list has no value above zero.
     */
    private static Optional<Largest> largest(Map<String, Object> data, List<String> valueKeys) {
        for (List<Map<String, Object>> rows : rowLists(data)) {
            String valueKey = firstKey(rows, valueKeys);
            String labelKey = firstKey(rows, LABEL_KEYS);
            if (valueKey == null || labelKey == null) {
                continue;
            }
            List<Map<String, Object>> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparingDouble((Map<String, Object> r) -> Values.numberOrZero(r.get(valueKey)))
                    .reversed());
            List<Map<String, Object>> top = sorted.stream()
                    .takeWhile(r -> Values.numberOrZero(r.get(valueKey)) > 0).limit(TOP).toList();
            return top.isEmpty() ? Optional.empty() : Optional.of(new Largest(top, valueKey, labelKey));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<List<Map<String, Object>>> rowLists(Map<String, Object> data) {
        List<List<Map<String, Object>>> lists = new ArrayList<>();
        for (Object v : data.values()) {
            if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map)) {
                lists.add((List<Map<String, Object>>) l);
            } else if (v instanceof Map<?, ?> m) {
                lists.addAll(rowLists((Map<String, Object>) m));
            }
        }
        return lists;
    }

    private static String firstKey(List<Map<String, Object>> rows, List<String> candidates) {
        for (String c : candidates) {
            if (rows.get(0).containsKey(c)) {
                return c;
            }
        }
        return null;
    }
}
