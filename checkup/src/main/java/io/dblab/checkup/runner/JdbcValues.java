package io.dblab.checkup.runner;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PGobject;

/** Turns JDBC values into JSON-able ones: numbers, strings, booleans, lists, and ISO-8601 timestamps. */
final class JdbcValues {
    private JdbcValues() {}

    static Object read(ResultSet rs, int column) throws SQLException {
        return convert(rs.getObject(column));
    }

    static Object convert(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof BigDecimal
                || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Short s) {
            return s.intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(convert(item));
            }
            return list;
        }
        if (value instanceof PGobject o) {
            return o.getValue();
        }
        if (value instanceof byte[]) {
            return "(binary)";
        }
        if (value instanceof Map<?, ?> m) {
            return String.valueOf(m);
        }
        return value.toString();
    }
}
