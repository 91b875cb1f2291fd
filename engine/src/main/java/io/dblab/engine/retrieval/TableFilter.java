package io.dblab.engine.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tables logical retrieval copies, from entries {@code database.schema.table} where each part
 * may use {@code *}: the database part picks the entries that apply to a database, the rest becomes
 * a pg_dump {@code -t} (include) or {@code -T} (exclude) pattern.
 */
public final class TableFilter {
    private final List<String> include;
    private final List<String> exclude;

    public TableFilter(List<String> include, List<String> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        include.forEach(TableFilter::check);
        exclude.forEach(TableFilter::check);
    }

    public List<String> dumpOptions(String database) {
        List<String> options = new ArrayList<>();
        for (String entry : include) {
            patternFor(entry, database).ifPresent(p -> options.addAll(List.of("-t", p)));
        }
        for (String entry : exclude) {
            patternFor(entry, database).ifPresent(p -> options.addAll(List.of("-T", p)));
        }
        return options;
    }

    private static java.util.Optional<String> patternFor(String entry, String database) {
        String[] parts = entry.split("\\.", 3);
        Pattern db = Pattern.compile(Pattern.quote(parts[0]).replace("*", "\\E.*\\Q"));
        return db.matcher(database).matches() ? java.util.Optional.of(parts[1] + "." + parts[2]) : java.util.Optional.empty();
    }

    private static void check(String entry) {
        if (entry.split("\\.", 3).length != 3 || entry.startsWith("-")) {
            throw new IllegalArgumentException("table entry '" + entry + "' must be database.schema.table");
        }
    }
}
