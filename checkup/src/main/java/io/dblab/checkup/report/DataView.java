package io.dblab.checkup.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.checkup.checks.common.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a check's host data into tables for Markdown and HTML: scalar values into one
 * name/value table, lists of rows into tables (at most {@link #MAX_ROWS} rows; the JSON has all),
 * maps into name/value tables or tables keyed by their entries. Sizes (names ending in
 * {@code bytes}) are shown in binary units.
 */
public final class DataView {
    public static final int MAX_ROWS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One table: a title (empty for the scalars table), column names, rows of cell texts, rows left out. */
    public record Table(String title, List<String> columns, List<List<String>> rows, int omitted) {}

    private DataView() {}

    public static List<Table> tables(Map<String, Object> data) {
        List<Table> tables = new ArrayList<>();
        List<List<String>> scalars = new ArrayList<>();
        for (Map.Entry<String, Object> e : data.entrySet()) {
            Object v = e.getValue();
            if (isScalar(v) || v instanceof List<?> l && l.stream().allMatch(DataView::isScalar)) {
                scalars.add(List.of(e.getKey(), cell(e.getKey(), v)));
            }
        }
        if (!scalars.isEmpty()) {
            tables.add(new Table("", List.of("name", "value"), scalars, 0));
        }
        for (Map.Entry<String, Object> e : data.entrySet()) {
            addTables(tables, e.getKey(), e.getValue());
        }
        return tables;
    }

    @SuppressWarnings("unchecked")
    private static void addTables(List<Table> tables, String title, Object v) {
        if (v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(i -> i instanceof Map)) {
            tables.add(rowsTable(title, (List<Map<String, Object>>) list));
        } else if (v instanceof List<?> list && list.isEmpty()) {
            tables.add(new Table(title, List.of(title), List.of(List.of("(none)")), 0));
        } else if (v instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, Object> m = (Map<String, Object>) map;
            if (m.values().stream().allMatch(DataView::isScalar)) {
                List<List<String>> rows = new ArrayList<>();
                m.forEach((k, x) -> rows.add(List.of(k, cell(k, x))));
                tables.add(limit(new Table(title, List.of("name", "value"), rows, 0)));
            } else if (m.values().stream().allMatch(x -> x instanceof Map)) {
                List<Map<String, Object>> rows = new ArrayList<>();
                m.forEach((k, x) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("", k);
                    row.putAll((Map<String, Object>) x);
                    rows.add(row);
                });
                tables.add(rowsTable(title, rows));
            } else {
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    if (isScalar(e.getValue())) {
                        continue;
                    }
                    addTables(tables, title + " › " + e.getKey(), e.getValue());
                }
                List<List<String>> rows = new ArrayList<>();
                m.forEach((k, x) -> {
                    if (isScalar(x)) {
                        rows.add(List.of(k, cell(k, x)));
                    }
                });
                if (!rows.isEmpty()) {
                    tables.add(new Table(title, List.of("name", "value"), rows, 0));
                }
            }
        }
    }

    private static Table rowsTable(String title, List<Map<String, Object>> list) {
        Set<String> columns = new LinkedHashSet<>();
        list.forEach(r -> columns.addAll(r.keySet()));
        List<String> cols = new ArrayList<>(columns);
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> r : list) {
            List<String> cells = new ArrayList<>(cols.size());
            for (String c : cols) {
                cells.add(cell(c, r.get(c)));
            }
            rows.add(cells);
        }
        return limit(new Table(title, cols, rows, 0));
    }

    private static Table limit(Table t) {
        if (t.rows().size() <= MAX_ROWS) {
            return t;
        }
        return new Table(t.title(), t.columns(), t.rows().subList(0, MAX_ROWS), t.rows().size() - MAX_ROWS);
    }

    static boolean isScalar(Object v) {
        return v == null || v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    /** A value as table-cell text. */
    public static String cell(String key, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number n && key != null && key.toLowerCase(Locale.ROOT).endsWith("bytes")) {
            return Values.bytes(n.doubleValue());
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof List<?> l && l.stream().allMatch(DataView::isScalar)) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(x == null ? "" : x.toString()));
            return String.join(", ", parts);
        }
        if (isScalar(v)) {
            return v.toString();
        }
        try {
            String json = JSON.writeValueAsString(v);
            return json.length() > 300 ? json.substring(0, 300) + "…" : json;
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    public static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.2f", d);
    }
}
