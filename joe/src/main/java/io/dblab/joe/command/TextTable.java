package io.dblab.joe.command;

import java.util.ArrayList;
import java.util.List;

/** A table of metadata in psql's aligned format, with its row count below. */
final class TextTable {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers.clone();
    }

    TextTable row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells for " + headers.length + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], cell(row[i]).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "-" : "+-").append("-".repeat(widths[i])).append('-');
        }
        out.append('\n');
        rows.forEach(row -> line(out, row, widths));
        return out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? " " : "| ").append(pad(cell(cells[i]), widths[i])).append(' ');
        }
        out.setLength(out.length() - 1);
        out.append('\n');
    }

    private static String cell(String value) {
        return value == null ? "" : value.replace('\n', ' ');
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }
}
