package io.dblab.engine.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A column named in a rule: {@code schema.table.column}, or {@code database.schema.table.column}
 * to limit the rule to one database. Parts follow SQL's rules: unquoted names are folded to lower
 * case, double-quoted ones are taken as written (with {@code ""} for a quote), so
 * {@code "Sales.EU".orders.email} names a schema that contains a dot.
 */
public record ColumnRef(String database, String schema, String table, String column) {

    /** True when the rule applies to every database that has the column. */
    public boolean anyDatabase() {
        return database == null;
    }

    public static ColumnRef parse(String text) {
        List<String> parts = split(text);
        if (parts.size() == 3) {
            return new ColumnRef(null, parts.get(0), parts.get(1), parts.get(2));
        }
        if (parts.size() == 4) {
            return new ColumnRef(parts.get(0), parts.get(1), parts.get(2), parts.get(3));
        }
        throw new IllegalArgumentException("expected schema.table.column or database.schema.table.column");
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    part.append(c);
                }
            } else if (c == '"') {
                if (!part.isEmpty() || wasQuoted) {
                    throw new IllegalArgumentException("a quote may only start a name part");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(finish(part, wasQuoted));
                part.setLength(0);
                wasQuoted = false;
            } else {
                if (wasQuoted) {
                    throw new IllegalArgumentException("text after a closing quote");
                }
                part.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quote is not closed");
        }
        parts.add(finish(part, wasQuoted));
        return parts;
    }

    private static String finish(StringBuilder part, boolean quoted) {
        String name = quoted ? part.toString() : part.toString().strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a name part is empty");
        }
        return name;
    }

    @Override
    public String toString() {
        return (database == null ? "" : database + ".") + schema + "." + table + "." + column;
    }
}
