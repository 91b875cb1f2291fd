package io.dblab.engine.masking;

import io.dblab.pg.sql.SqlQuote;

/**
 * The SQL expression that replaces a column's value, evaluated row by row inside PostgreSQL so
 * masking a big table is one UPDATE. Every action but {@code null} leaves NULL values NULL. The
 * result is cast to the column's type, which also cuts strings to a {@code varchar(n)} limit.
 */
final class MaskExpression {
    /** Characters of hex kept by {@code hash} on text columns: 128 bits, no collisions in practice. */
    static final int HASH_HEX_CHARS = 32;
    /** Characters of hex in fake e-mail addresses: 48 bits, unique enough for a UNIQUE column of millions. */
    static final int EMAIL_HEX_CHARS = 12;
    static final String EMAIL_PREFIX = "user_";
    static final String EMAIL_DOMAIN = "@example.com";
    static final String PHONE_PREFIX = "+1-555-";

    private MaskExpression() {}

    /** Checks that the action can write into the column; returns a reason when it cannot. */
    static String unsupported(ResolvedColumn c) {
        MaskAction action = c.rule().action();
        if (action == MaskAction.NULL || action == MaskAction.FIXED) {
            return null;
        }
        if (action == MaskAction.HASH && (c.isString() || isInteger(c.baseType()) || "uuid".equals(c.baseType()))) {
            return null;
        }
        if (c.isString()) {
            return null;
        }
        return "action " + action.yamlName() + " needs a text column"
                + (action == MaskAction.HASH ? " (or an integer or uuid one)" : "") + ", and " + c.describe()
                + " is " + c.type();
    }

    /** {@code "column" = <expression>} for an UPDATE's SET list. */
    static String assignment(ResolvedColumn c) {
        return c.quotedColumn() + " = " + expression(c);
    }

    static String expression(ResolvedColumn c) {
        MaskingRule rule = c.rule();
        if (rule.action() == MaskAction.NULL) {
            return "NULL";
        }
        String col = c.quotedColumn();
        String text = col + "::text";
        String hash = HashKey.hexHmacSql(text);
        String masked = switch (rule.action()) {
            case FIXED -> SqlQuote.literal(rule.value());
            case HASH -> hash(c, hash);
            case EMAIL -> "'" + EMAIL_PREFIX + "' || left(" + hash + ", " + EMAIL_HEX_CHARS + ") || '" + EMAIL_DOMAIN + "'";
            case NAME -> pick(FakeNames.FIRST, hash, 1) + " || ' ' || " + pick(FakeNames.LAST, hash, 9);
            case PHONE -> "'" + PHONE_PREFIX + "' || lpad((" + bits32(hash, 1) + " % 1000)::text, 3, '0') || '-' || lpad(("
                    + bits32(hash, 9) + " % 10000)::text, 4, '0')";
            case PARTIAL -> "CASE WHEN char_length(" + text + ") > " + rule.keep() + " THEN repeat('*', char_length("
                    + text + ") - " + rule.keep() + ") || right(" + text + ", " + rule.keep() + ") ELSE repeat('*', char_length("
                    + text + ")) END";
            case NULL -> throw new IllegalStateException("handled above");
        };
        // Integer hashes are built as integers already; everything else is text cast to the column type.
        String typed = rule.action() == MaskAction.HASH && isInteger(c.baseType()) ? masked
                : "CAST(" + masked + " AS " + c.type() + ")";
        return "CASE WHEN " + col + " IS NULL THEN NULL ELSE " + typed + " END";
    }

    private static String hash(ResolvedColumn c, String hash) {
        return switch (c.baseType()) {
            // Non-negative values from the leading bits, so ids stay positive.
            case "smallint" -> "((" + "('x' || left(" + hash + ", 4))::bit(16)::integer % 32768)::smallint)";
            case "integer" -> "(" + bits32(hash, 1) + " % 2147483648)::integer";
            case "bigint" -> "('x' || left(" + hash + ", 15))::bit(60)::bigint";
            default -> "left(" + hash + ", " + HASH_HEX_CHARS + ")";
        };
    }

    /** 32 bits of the hash from hex position {@code from} (1-based) as a non-negative bigint. */
    private static String bits32(String hash, int from) {
        return "('x' || substr(" + hash + ", " + from + ", 8))::bit(32)::bigint";
    }

    private static String pick(java.util.List<String> names, String hash, int from) {
        return "(" + FakeNames.sqlArray(names) + ")[1 + " + bits32(hash, from) + " % " + names.size() + "]";
    }

    private static boolean isInteger(String baseType) {
        return "smallint".equals(baseType) || "integer".equals(baseType) || "bigint".equals(baseType);
    }
}
