package io.dblab.checkup.checks.indexes;

import io.dblab.checkup.checks.common.Values;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DO and UNDO statements of index findings. Indexes are dropped and created CONCURRENTLY (no
 * lock that blocks writes), except on partitioned tables, where PostgreSQL does not allow it.
 */
final class IndexSql {
    private static final Pattern CREATE = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

    private IndexSql() {}

    /** The DROP statement for an index row of check data: its {@code index}, and whether it is {@code partitioned}. */
    static String drop(Map<String, Object> index) {
        return drop(Values.text(index.get("index")), Values.bool(index.get("partitioned")));
    }

    /** The statement that creates an index row of check data again from its {@code definition}. */
    static String create(Map<String, Object> index) {
        return create(Values.text(index.get("definition")), Values.bool(index.get("partitioned")));
    }

    /** {@code DROP INDEX CONCURRENTLY IF EXISTS schema.name;} for a quoted, qualified name. */
    static String drop(String qualifiedIndex, boolean partitioned) {
        return "DROP INDEX " + (partitioned ? "" : "CONCURRENTLY ") + "IF EXISTS " + qualifiedIndex + ";";
    }

    /** The index definition from {@code pg_get_indexdef} as a CONCURRENTLY, IF NOT EXISTS statement. */
    private static String create(String definition, boolean partitioned) {
        Matcher m = CREATE.matcher(definition);
        if (!m.find()) {
            return definition + ";";
        }
        String unique = m.group(1) == null ? "" : m.group(1);
        return "CREATE " + unique + "INDEX " + (partitioned ? "" : "CONCURRENTLY ") + "IF NOT EXISTS "
                + definition.substring(m.end()) + ";";
    }
}
