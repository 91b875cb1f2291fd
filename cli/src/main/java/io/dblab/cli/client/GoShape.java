package io.dblab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.TreeMap;

/**
 * The type of a value in one of the reference CLI's Go structs. The reference CLI decodes each API
 * answer into such a struct and prints the struct again, so what it prints is the struct's shape,
 * not the answer's: fields in the struct's order, unknown fields dropped, a missing field as Go's
 * zero value, {@code omitempty} fields left out when empty, map keys sorted, and sizes in
 * {@link IecSize} text. {@link #apply} does the same to an answer of our engine.
 */
public sealed interface GoShape {
    JsonNode apply(JsonNode value);

    /** What {@code omitempty} leaves out: false, 0, "", null, and empty lists and maps. */
    static boolean isEmpty(JsonNode value) {
        return value.isNull() || (value.isBoolean() && !value.booleanValue())
                || (value.isNumber() && value.doubleValue() == 0)
                || (value.isTextual() && value.textValue().isEmpty())
                || (value.isContainerNode() && value.isEmpty());
    }

    GoShape STRING = new Scalar(Kind.STRING);
    GoShape INT = new Scalar(Kind.INT);
    GoShape FLOAT = new Scalar(Kind.FLOAT);
    GoShape BOOL = new Scalar(Kind.BOOL);
    /** A Go pointer to a bool: null stays null. */
    GoShape BOOL_POINTER = new Pointer(BOOL);
    /** A byte count that the reference prints as text, like "1.5 GiB". */
    GoShape SIZE = new Scalar(Kind.SIZE);
    /** A {@code *LocalTime}: the engine's time text, or null. */
    GoShape TIME = new Pointer(STRING);
    /** A value the CLI passes on as it came: a nil slice or map when missing. */
    GoShape ANY = new Scalar(Kind.ANY);

    static GoShape struct(Field... fields) {
        return new Struct(List.of(fields));
    }

    static GoShape pointer(GoShape target) {
        return new Pointer(target);
    }

    static GoShape list(GoShape element) {
        return new Sequence(element);
    }

    static GoShape map(GoShape value) {
        return new Dictionary(value);
    }

    static Field field(String name, GoShape shape) {
        return new Field(name, shape, false);
    }

    static Field omitEmpty(String name, GoShape shape) {
        return new Field(name, shape, true);
    }

    record Field(String name, GoShape shape, boolean omitEmpty) {}

    enum Kind { STRING, INT, FLOAT, BOOL, SIZE, ANY }

    record Scalar(Kind kind) implements GoShape {
        @Override
        public JsonNode apply(JsonNode value) {
            boolean absent = value == null || value.isNull() || value.isMissingNode();
            return switch (kind) {
                case STRING -> TextNode.valueOf(absent ? "" : value.asText());
                case INT -> LongNode.valueOf(absent ? 0 : value.asLong());
                case FLOAT -> DoubleNode.valueOf(absent ? 0 : value.asDouble());
                case BOOL -> BooleanNode.valueOf(!absent && value.asBoolean());
                case SIZE -> TextNode.valueOf(IecSize.format(absent ? 0 : value.asLong()));
                case ANY -> absent ? NullNode.instance : value;
            };
        }
    }

    record Pointer(GoShape target) implements GoShape {
        @Override
        public JsonNode apply(JsonNode value) {
            return value == null || value.isNull() || value.isMissingNode() ? NullNode.instance : target.apply(value);
        }
    }

    record Struct(List<Field> fields) implements GoShape {
        @Override
        public JsonNode apply(JsonNode value) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Field field : fields) {
                JsonNode converted = field.shape().apply(value == null ? null : value.get(field.name()));
                if (!(field.omitEmpty() && isEmpty(converted))) {
                    out.set(field.name(), converted);
                }
            }
            return out;
        }
    }

    record Sequence(GoShape element) implements GoShape {
        @Override
        public JsonNode apply(JsonNode value) {
            if (value == null || !value.isArray()) {
                return NullNode.instance;
            }
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> out.add(element.apply(item)));
            return out;
        }
    }

    /** Go prints a map's keys sorted. */
    record Dictionary(GoShape valueShape) implements GoShape {
        @Override
        public JsonNode apply(JsonNode value) {
            if (value == null || !value.isObject()) {
                return NullNode.instance;
            }
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            value.fields().forEachRemaining(e -> sorted.put(e.getKey(), valueShape.apply(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
    }
}
