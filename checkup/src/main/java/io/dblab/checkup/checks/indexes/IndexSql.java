package io.dblab.checkup.checks.indexes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DO and UNDO statements of index findings. Indexes are dropped and created CONCURRENTLY (no
 * lock that blocks writes), except on partitioned tables, where PostgreSQL does not allow it.
 */
final class IndexSql {
    private static final Pattern CREATE = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

    private IndexSql() {}

    /** {@code DROP INDEX CONCURRENTLY IF EXISTS schema.name;} for a quoted, qualified name. */
    static String drop(String qualifiedIndex, boolean partitioned) {
        return "DROP INDEX " + (partitioned ? "" : "CONCURRENTLY ") + "IF EXISTS " + qualifiedIndex + ";";
    }

    /** The index definition from {@code pg_get_indexdef} as a CONCURRENTLY, IF NOT EXISTS statement. */
    static String create(String definition, boolean partitioned) {
        Matcher m = CREATE.matcher(definition);
        if (!m.find()) {
            return definition + ";";
        }
        String unique = m.group(1) == null ? "" : m.group(1);
        return "CREATE " + unique + "INDEX " + (partitioned ? "" : "CONCURRENTLY ") + "IF NOT EXISTS "
                + definition.substring(m.end()) + ";";
    }
}
