package io.dblab.engine.retrieval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.pg.server.LocalServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The source's ordinary tables, whose rows logical retrieval copies itself ({@link TableDataCopy})
 * rather than through pg_dump. Tables of extensions are left to pg_dump, which knows which of their
 * rows belong to the extension and which to the user.
 */
final class SourceTables {
    /** A table as the source has it, in the copy's snapshot; sizes in bytes. */
    record SourceTable(String schema, String name, long bytes, long indexBytes) {}

    /** Tables outside the system schemas that no extension owns; each row a JSON array, names may hold any character. */
    private static final String ORDINARY_TABLES = """
            SELECT pg_catalog.json_build_array(n.nspname, c.relname, pg_catalog.pg_table_size(c.oid),
                                               pg_catalog.pg_indexes_size(c.oid))
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                              AND d.deptype = 'e')""";
    /** The same tables on the restore server, with the columns a COPY without a list would take (no generated ones). */
    private static final String RESTORED_TABLES = """
            SELECT pg_catalog.json_build_array(n.nspname, c.relname,
                     coalesce((SELECT pg_catalog.json_agg(a.attname ORDER BY a.attnum)
                     FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.attgenerated = ''), '[]'::json))
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'""";
    /** Linux limits one argument to 128 kB; a pattern that would be longer is split. */
    private static final int MAX_PATTERN = 100_000;

    private SourceTables() {}

    static List<SourceTable> list(SourceSnapshot snapshot) {
        return snapshot.query(ORDINARY_TABLES).stream().map(SourceTables::parse)
                .map(row -> new SourceTable(row.get(0).asText(), row.get(1).asText(), row.get(2).asLong(), row.get(3).asLong()))
                .toList();
    }

    /**
     * The tables to copy: those the restore has created (so the table filters and the restore
     * options have had their say) among the source's ordinary tables, with their columns as
     * restored, which the COPY names on both sides (a child table can order them differently).
     */
    static List<TableDataCopy.Table> restored(LocalServer server, String database, List<SourceTable> sourceTables) {
        Map<List<String>, SourceTable> byName = new LinkedHashMap<>();
        sourceTables.forEach(t -> byName.put(List.of(t.schema(), t.name()), t));
        List<TableDataCopy.Table> tables = new ArrayList<>();
        for (String line : server.psql().lines(database, RESTORED_TABLES)) {
            JsonNode row = parse(line);
            SourceTable source = byName.get(List.of(row.get(0).asText(), row.get(1).asText()));
            if (source != null) {
                List<String> columns = new ArrayList<>();
                row.get(2).forEach(column -> columns.add(column.asText()));
                tables.add(new TableDataCopy.Table(source, columns));
            }
        }
        return tables;
    }

    /**
     * pg_dump options that leave these tables' rows out of the dump (their definitions stay). A
     * pattern per schema, {@code "schema".("t1"|"t2")}: quoted parts are taken literally, and the
     * parentheses and bars outside quotes are regular expression syntax, which pg_dump patterns keep.
     */
    static List<String> excludeDataOptions(List<SourceTable> tables) {
        Map<String, List<String>> bySchema = tables.stream().collect(Collectors.groupingBy(SourceTable::schema,
                LinkedHashMap::new, Collectors.mapping(t -> quoted(t.name()), Collectors.toList())));
        List<String> options = new ArrayList<>();
        bySchema.forEach((schema, names) -> {
            StringBuilder alternatives = new StringBuilder();
            for (String name : names) {
                if (alternatives.length() + name.length() > MAX_PATTERN) {
                    options.add(excludeData(schema, alternatives));
                    alternatives.setLength(0);
                }
                alternatives.append(alternatives.isEmpty() ? "" : "|").append(name);
            }
            options.add(excludeData(schema, alternatives));
        });
        return options;
    }

    private static String excludeData(String schema, CharSequence alternatives) {
        return "--exclude-table-data=" + quoted(schema) + ".(" + alternatives + ")";
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected catalog row: " + line, e);
        }
    }
}
