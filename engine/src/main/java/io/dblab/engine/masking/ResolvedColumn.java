package io.dblab.engine.masking;

import io.dblab.pg.sql.SqlQuote;

/**
 * A rule matched to a real column of one database: its type as PostgreSQL spells it
 * ({@code character varying(40)}), the type category ('S' for strings) and the base type's name
 * (a domain's underlying type), which decide what the rule's action can write into it.
 */
record ResolvedColumn(MaskingRule rule, String database, String schema, String table, String column,
                      String type, String category, String baseType) {

    String qualifiedTable() {
        return SqlQuote.ident(schema) + "." + SqlQuote.ident(table);
    }

    String quotedColumn() {
        return SqlQuote.ident(column);
    }

    /** For messages: database and column, no data. */
    String describe() {
        return database + "." + schema + "." + table + "." + column;
    }

    boolean isString() {
        return "S".equals(category);
    }
}
