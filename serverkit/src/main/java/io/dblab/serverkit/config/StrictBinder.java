package io.dblab.serverkit.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns a YAML tree into the config records, walking both together so that every error can name
 * the full key path ({@code poolManager.pools[0].size}). Jackson's own binding is not used because
 * it coerces freely (YAML {@code 0123} silently becomes the string "83", {@code "70000"} a number)
 * and its errors describe Java types instead of keys.
 *
 * <p>A scalar of the wrong YAML type is an error, with one exception: a value that refers to an
 * environment variable is text in YAML, so after expansion it may stand for a number or a boolean.
 */
final class StrictBinder {
    private final VariableExpander expander;
    private final String source;

    StrictBinder(VariableExpander expander, String source) {
        this.expander = expander;
        this.source = source;
    }

    <T> T bind(JsonNode root, Class<T> type) {
        return type.cast(record(root, type, ""));
    }

    private Object record(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "a mapping", node);
        }
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException("unknown key '" + child(path, name) + "' in " + source);
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            args[i] = value(node.get(c.getName()), c.getGenericType(), child(path, c.getName()));
        }
        return construct(type, components, args);
    }

    private Object value(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return absent(type);
        }
        if (type == String.class) {
            return string(node, path);
        }
        if (type == int.class || type == Integer.class) {
            return integer(node, path, type == int.class);
        }
        if (type == Long.class) {
            return wholeNumber(node, path);
        }
        if (type == Double.class) {
            return decimal(node, path);
        }
        if (type == boolean.class || type == Boolean.class) {
            return bool(node, path);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return list(node, p.getActualTypeArguments()[0], path);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class
                && Arrays.equals(p.getActualTypeArguments(), new Type[] {String.class, String.class})) {
            return settings(node, path);
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return record(node, c, path);
        }
        throw new IllegalStateException("config type " + type + " at " + path + " is not supported by " + getClass().getSimpleName());
    }

    /** An absent key is passed as null (or 0/false), which each record's constructor turns into its default. */
    private static Object absent(Type type) {
        if (type == int.class) {
            return 0;
        }
        return type == boolean.class ? false : null;
    }

    private String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            // YAML reads 0123 as 83 and yes as true: converting back would change the value.
            throw wrongType(path, "a string (quote the value)", node);
        }
        return expander.expand(node.textValue(), path);
    }

    private int integer(JsonNode node, String path, boolean primitive) {
        int value;
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            value = node.intValue();
        } else if (isVariable(node)) {
            String text = expander.expand(node.textValue(), path).strip();
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw variableWrongType(path, "an integer");
            }
        } else {
            throw wrongType(path, "an integer", node);
        }
        // Primitive int components use 0 for "absent" (see EngineConfig), so a written 0 would silently
        // become the default instead of the value the operator asked for.
        if (primitive && value == 0) {
            throw new ConfigException("invalid value for '" + path + "' in " + source
                    + ": 0 is not allowed; remove the key to use the default");
        }
        return value;
    }

    /** Only boxed Long and Double are bound: absent is null, so a written 0 stays 0. */
    private long wholeNumber(JsonNode node, String path) {
        return number(node, path, "an integer", node.isIntegralNumber() && node.canConvertToLong(), node::longValue,
                Long::parseLong);
    }

    private double decimal(JsonNode node, String path) {
        return number(node, path, "a number", node.isNumber(), node::doubleValue, Double::parseDouble);
    }

    /** A YAML number as it is, or the text of an environment variable parsed as one. */
    private <T> T number(JsonNode node, String path, String expected, boolean isNumber, Supplier<T> value,
                         Function<String, T> parse) {
        if (isNumber) {
            return value.get();
        }
        if (!isVariable(node)) {
            throw wrongType(path, expected, node);
        }
        try {
            return parse.apply(expander.expand(node.textValue(), path).strip());
        } catch (NumberFormatException e) {
            throw variableWrongType(path, expected);
        }
    }

    private boolean bool(JsonNode node, String path) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (isVariable(node)) {
            String text = expander.expand(node.textValue(), path).strip();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
            throw variableWrongType(path, "true or false");
        }
        throw wrongType(path, "true or false", node);
    }

    private List<Object> list(JsonNode node, Type element, String path) {
        if (!node.isArray()) {
            throw wrongType(path, "a list", node);
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = node.get(i);
            if (item.isNull()) {
                // An empty list item ("- " alone) is almost always an editing slip; a null would also
                // break the records' immutable lists.
                throw wrongType(itemPath, element == String.class ? "a string" : "a mapping", item);
            }
            values.add(value(item, element, itemPath));
        }
        return values;
    }

    /**
     * Names and values that go on to another program (PostgreSQL settings, say), which reads numbers
     * and booleans from their text: a scalar is taken as written, as {@code 50} or {@code on} would be
     * in postgresql.conf; a list or a mapping is refused.
     */
    private Map<String, String> settings(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "a mapping of names to values", node);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String itemPath = child(path, entry.getKey());
            JsonNode item = entry.getValue();
            if (!item.isValueNode() || item.isNull()) {
                throw wrongType(itemPath, "a value", item);
            }
            values.put(entry.getKey(), item.isTextual() ? expander.expand(item.textValue(), itemPath) : item.asText());
        }
        return values;
    }

    private static boolean isVariable(JsonNode node) {
        return node.isTextual() && VariableExpander.hasReference(node.textValue());
    }

    private ConfigException wrongType(String path, String expected, JsonNode node) {
        String where = path.isEmpty() ? "the top level" : "'" + path + "'";
        return new ConfigException("wrong type for " + where + " in " + source + ": expected " + expected
                + ", got " + describe(node));
    }

    // The variable's value is not quoted back: it may be a secret put in the wrong place.
    private ConfigException variableWrongType(String path, String expected) {
        return new ConfigException("wrong type for '" + path + "' in " + source
                + ": the value from the environment is not " + expected);
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? "an integer" : "an integer out of range";
        }
        if (node.isNumber()) {
            return "a decimal number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isObject() ? "a mapping" : "an empty value";
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] args) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
